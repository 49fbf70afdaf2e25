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

const HOME_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Scoring Playground</title>
<h1>Scoring Playground</h1>
<p>The editor is coming. Meanwhile the server syncs models at <code>/sync/&lt;modelId&gt;</code>
and lists them at <a href="/api/models">/api/models</a> (with <code>Authorization: Bearer &lt;token&gt;</code>).</p>
`

/** `/healthz` (no token), `/api/me`, `/metrics`, and the home page. */
export function systemRoutes({ auth, metrics, isReady }: SystemRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', (c) =>
    isReady() ? c.json({ status: 'ok' }) : c.json({ status: 'starting' }, 503),
  )
  // The home page is the app shell: it holds no data, and a browser navigation cannot send a
  // bearer token (the sign-in link carries it in the fragment, which never reaches the server).
  app.get('/', (c) => c.html(HOME_PAGE))
  app.get('/api/me', requireRole(auth, 'viewer'), (c) => c.json(c.get('identity')))
  app.get('/metrics', requireRole(auth, 'viewer'), async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  )
  return app
}
