import { Hono } from 'hono'
import { performance } from 'node:perf_hooks'
import type { AppEnv } from '../http/app-env.ts'
import { requireRole } from '../http/require-role.ts'
import type { Store } from '../store/store.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/healthz` (no token), `/api/me` and `/metrics`; the app itself is in app-routes.ts. */
export function systemRoutes({ auth, metrics, isReady, store }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', async (c) => {
    if (!isReady()) return c.json({ status: 'starting' }, 503)
    const health = await pingStore(store)
    metrics.storeLatency.set(health.ok ? health.latencyMs / 1000 : Number.NaN)
    // Without its store an instance can serve nothing: a load balancer should send elsewhere.
    return health.ok
      ? c.json({ status: 'ok', store: health })
      : c.json({ status: 'degraded', store: health }, 503)
  })
  app.get('/api/me', requireRole(auth, 'viewer'), (c) => c.json(c.get('identity')))
  app.get('/metrics', requireRole(auth, 'viewer'), async (c) => {
    const health = await pingStore(store)
    metrics.storeLatency.set(health.ok ? health.latencyMs / 1000 : Number.NaN)
    metrics.listenReconnects.set(store.signals?.reconnects ?? 0)
    return c.body(await metrics.registry.metrics(), 200, {
      'content-type': metrics.registry.contentType,
    })
  })
  return app
}

type StoreHealth =
  { kind: string; ok: true; latencyMs: number } | { kind: string; ok: false; reason: string }

/** One round trip to the store, timed. */
async function pingStore(store: Store): Promise<StoreHealth> {
  const started = performance.now()
  try {
    await store.ping()
    return {
      kind: store.kind,
      ok: true,
      latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
    }
  } catch (error) {
    return {
      kind: store.kind,
      ok: false,
      reason: error instanceof Error ? error.message : String(error),
    }
  }
}
