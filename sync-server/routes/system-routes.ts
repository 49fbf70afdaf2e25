import { Hono } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { requireRole } from '../http/require-role.ts'
import type { Metrics } from '../metrics/create-metrics.ts'

export interface SystemRouteDeps {
  auth: Auth
  metrics: Metrics
  isReady: () => boolean
}

/** `/healthz` (no token), `/api/me` and `/metrics`; the app itself is in app-routes.ts. */
export function systemRoutes({ auth, metrics, isReady }: SystemRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', (c) =>
    isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503),
  )
  app.get('/api/me', requireRole(auth, 'viewer'), (c) => c.json(c.get('identity')))
  app.get('/metrics', requireRole(auth, 'viewer'), async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  )
  return app
}
