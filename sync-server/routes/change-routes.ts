import { Hono } from 'hono'
import { ChangeQuerySchema } from '../../shared/model-api-schemas.ts'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import type { ModelCatalog } from '../models/model-catalog.ts'
import type { Store } from '../store/open-store.ts'

export interface ChangeRouteDeps {
  auth: Auth
  store: Store
  catalog: ModelCatalog
}

/** `/api/models/:id/changes?after=&limit=`: the change feed, oldest first, paged by entry id. */
export function changeRoutes({ auth, store, catalog }: ChangeRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/:id/changes', requireRole(auth, 'viewer'), (c) => {
    const id = c.req.param('id')
    const query = ChangeQuerySchema.parse(c.req.query())
    if (!catalog.exists(id)) {
      throw new ProblemError(404, PROBLEM_CODES.modelNotFound, `There is no model "${id}".`)
    }
    const changes = store.changes.list(id, query).map((change) => ({
      ...change,
      at: new Date(change.at).toISOString(),
    }))
    const next = changes.at(-1)?.id ?? query.after
    return c.json({ changes, next })
  })
  return app
}
