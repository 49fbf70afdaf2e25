import { Hono } from 'hono'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { orProblem } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import { findPromotion } from '../promotion/find-workflow-records.ts'
import { toShadowReport } from '../shadow/shadow-tally.ts'
import type { RouteDeps } from './route-deps.ts'

/**
 * `GET /api/promotions/:pid/shadow`: what the request's snapshot would have done to the leads
 * production scored while the request was pending, added up over every instance; frozen once
 * the request is decided.
 */
export function shadowRoutes({ auth, store, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const request = orProblem(await findPromotion(store, pathParam(c, 'pid')))
    // This instance's latest tally first, so a reader sees the traffic it just sent (after a
    // decision too: the leads scored before it still count).
    await workflow.shadow.flush()
    return c.json(toShadowReport(await store.shadow.get(request.id)))
  })
  return app
}
