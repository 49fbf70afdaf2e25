import { Hono } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { cacheVerifiedTokens } from '../promotion/cache-verified-tokens.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'
import { auditRoutes } from './audit-routes.ts'
import { datasetRoutes } from './dataset-routes.ts'
import { eventRoutes } from './event-routes.ts'
import { openApiRoutes } from './openapi-routes.ts'
import { productionRoutes } from './production-routes.ts'
import { promotionRoutes } from './promotion-routes.ts'
import { scoreRoutes } from './score-routes.ts'
import { webhookRoutes } from './webhook-routes.ts'

export interface WorkflowRouteDeps extends WorkflowContext {
  auth: Auth
}

/**
 * Promotion to production and what builds on it: requests and four-eyes approval, production and
 * rollback, scoring, reference datasets, the audit log, webhooks, events and the API description.
 */
export function workflowRoutes({ auth: verifier, ...ctx }: WorkflowRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const auth = cacheVerifiedTokens(verifier)
  app.route('/', promotionRoutes(auth, ctx))
  app.route('/', productionRoutes(auth, ctx))
  app.route('/', scoreRoutes(auth, ctx))
  app.route('/', datasetRoutes(auth, ctx))
  app.route('/', auditRoutes(auth, ctx.store))
  app.route('/', webhookRoutes(auth, ctx))
  app.route('/', eventRoutes(auth, ctx))
  app.route('/', openApiRoutes(auth))
  return app
}
