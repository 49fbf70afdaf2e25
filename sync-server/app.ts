import { Hono } from 'hono'
import { PROBLEM_CODES } from '../shared/problem-codes.ts'
import { APP_DIST_DIR } from './app-dist-dir.ts'
import { cacheVerifiedTokens } from './auth/cache-verified-tokens.ts'
import type { Auth } from './auth/create-auth.ts'
import type { AppEnv } from './http/app-env.ts'
import { createErrorHandler, problemResponse, ProblemError } from './http/problem.ts'
import type { Logger } from './log/create-logger.ts'
import type { Metrics } from './metrics/create-metrics.ts'
import { createModelCatalog } from './models/model-catalog.ts'
import { createWorkflow, type Workflow } from './promotion/create-workflow.ts'
import { appRoutes } from './routes/app-routes.ts'
import { auditRoutes } from './routes/audit-routes.ts'
import { branchRoutes } from './routes/branch-routes.ts'
import { changeRoutes } from './routes/change-routes.ts'
import { datasetRoutes } from './routes/dataset-routes.ts'
import { eventRoutes } from './routes/event-routes.ts'
import { modelPromotionRoutes } from './routes/model-promotion-routes.ts'
import { modelRoutes } from './routes/model-routes.ts'
import { openApiRoutes } from './routes/openapi-routes.ts'
import { productionRoutes } from './routes/production-routes.ts'
import { promotionRoutes } from './routes/promotion-routes.ts'
import { referenceDatasetRoutes } from './routes/reference-dataset-routes.ts'
import type { RouteDeps } from './routes/route-deps.ts'
import { scoreRoutes } from './routes/score-routes.ts'
import { shadowRoutes } from './routes/shadow-routes.ts'
import { snapshotRoutes } from './routes/snapshot-routes.ts'
import { systemRoutes } from './routes/system-routes.ts'
import { webhookRoutes } from './routes/webhook-routes.ts'
import type { Store } from './store/store.ts'
import type { Rooms } from './sync/create-rooms.ts'

export interface AppDeps {
  store: Store
  auth: Auth
  rooms: Rooms
  metrics: Metrics
  log: Logger
  /** True once the server is ready to serve sync, API and app (GET /healthz). */
  isReady: () => boolean
  /** Promotion, scoring and notifications; a fresh one (webhooks not delivered) when absent. */
  workflow?: Workflow
  /** The built browser app to serve; default dist/ at the repository root. */
  appDir?: string
}

/** The HTTP app, built from its dependencies (no listen: see start-server.ts). */
export function createApp({ workflow, appDir, ...deps }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const routeDeps: RouteDeps = {
    ...deps,
    auth: cacheVerifiedTokens(deps.auth),
    catalog: createModelCatalog(deps.store, deps.rooms),
    workflow: workflow ?? createWorkflow(deps.store, deps.log),
  }
  app.onError(createErrorHandler(deps.log))
  app.notFound((c) =>
    problemResponse(c, new ProblemError(404, PROBLEM_CODES.notFound, `Nothing at ${c.req.path}.`)),
  )
  // One module per resource, each mounted at its own prefix with the same deps.
  const resources: [string, (deps: RouteDeps) => Hono<AppEnv>][] = [
    ['/', systemRoutes],
    ['/api', openApiRoutes],
    ['/api/models', modelRoutes],
    ['/api/models/:id/snapshots', snapshotRoutes],
    ['/api/models/:id/changes', changeRoutes],
    ['/api/models/:id/branches', branchRoutes],
    ['/api/models/:id/promotions', modelPromotionRoutes],
    ['/api/models/:id/reference-dataset', referenceDatasetRoutes],
    ['/api/promotions', promotionRoutes],
    ['/api/promotions/:pid/shadow', shadowRoutes],
    ['/api/production', productionRoutes],
    ['/api/score', scoreRoutes],
    ['/api/datasets', datasetRoutes],
    ['/api/audit', auditRoutes],
    ['/api/webhooks', webhookRoutes],
    ['/api/events', eventRoutes],
  ]
  for (const [prefix, routes] of resources) app.route(prefix, routes(routeDeps))
  // Last: every other GET outside the API is a page of the app.
  app.route('/', appRoutes({ distDir: appDir ?? APP_DIST_DIR }))
  return app
}
