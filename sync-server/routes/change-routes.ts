import { Hono } from 'hono'
import { ChangeQuerySchema } from '../../shared/model-api-schemas.ts'
import { failure } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { problemOf } from '../http/problem.ts'
import { requireRole } from '../http/require-role.ts'
import type { RouteDeps } from './route-deps.ts'

/**
 * `/api/models/:id/changes?after=&limit=`: the change feed, oldest first, paged by entry id; of a
 * model or of a branch's doc (the branch editor shows its own feed).
 */
export function changeRoutes({ auth, store, catalog }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const id = pathParam(c, 'id')
    const query = ChangeQuerySchema.parse(c.req.query())
    if (!(await catalog.exists(id))) {
      throw problemOf(failure(PROBLEM_CODES.modelNotFound, `There is no model "${id}".`))
    }
    const changes = (await store.changes.list(id, query)).map((change) => ({
      ...change,
      at: new Date(change.at).toISOString(),
    }))
    const next = changes.at(-1)?.id ?? query.after
    return c.json({ changes, next })
  })
  return app
}
