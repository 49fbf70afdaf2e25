import { Hono } from 'hono'
import { ChangeQuerySchema } from '../../shared/model-api-schemas.ts'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { problemOf } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/models/:id/changes?after=&limit=`: the change feed, oldest first, paged by entry id. */
export function changeRoutes({ auth, store, catalog }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const id = pathParam(c, 'id')
    const query = ChangeQuerySchema.parse(c.req.query())
    const missing = await checkModel(catalog, id)
    if (missing !== null) throw problemOf(missing)
    const changes = (await store.changes.list(id, query)).map((change) => ({
      ...change,
      at: new Date(change.at).toISOString(),
    }))
    const next = changes.at(-1)?.id ?? query.after
    return c.json({ changes, next })
  })
  return app
}
