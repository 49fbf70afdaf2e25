import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../http/app-env.ts'
import { toProductionRecord, toVersionRecord } from '../http/api-records.ts'
import { matchesEtag } from '../http/matches-etag.ts'
import { orProblem, problemOf } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import { RollbackBodySchema } from '../../shared/promotion-api-schemas.ts'
import { findProduction, findSnapshot } from '../promotion/find-workflow-records.ts'
import { rollBackProduction } from '../promotion/roll-back-production.ts'
import type { RouteDeps } from './route-deps.ts'

/**
 * `/api/production/:modelId`: the production model (with an ETag; 304 when unchanged), its
 * versions, and rollback to an earlier version.
 */
export function productionRoutes(deps: RouteDeps): Hono<AppEnv> {
  const { auth, store, catalog } = deps
  const app = new Hono<AppEnv>()
  const requireModel = async (modelId: string) => {
    const missing = await checkModel(catalog, modelId)
    if (missing !== null) throw problemOf(missing)
  }

  app.get('/:modelId', requireRole(auth, 'viewer'), async (c) => {
    const modelId = c.req.param('modelId')
    await requireModel(modelId)
    const current = orProblem(await findProduction(store, modelId))
    // A version is immutable and never reused, so it (with the hash, for the eye) identifies the body.
    const etag = `"v${current.version}-${current.hash.slice(0, 16)}"`
    const headers = { etag, 'cache-control': 'no-cache' }
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    const snapshot = orProblem(await findSnapshot(store, modelId, current.snapshotId))
    return c.json(toProductionRecord(current, snapshot), 200, headers)
  })

  app.get('/:modelId/versions', requireRole(auth, 'viewer'), async (c) => {
    const modelId = c.req.param('modelId')
    await requireModel(modelId)
    const versions = await store.production.list(modelId)
    return c.json({
      modelId,
      current: versions[0]?.version ?? 0,
      versions: versions.map(toVersionRecord),
    })
  })

  app.post(
    '/:modelId/rollback',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: 16 * 1024 }),
    async (c) => {
      const { toVersion, expectedVersion } = await readJsonBody(c, RollbackBodySchema)
      const rolledBack = await rollBackProduction(deps, {
        modelId: c.req.param('modelId'),
        toVersion,
        expectedVersion,
        identity: c.get('identity'),
      })
      const { version, snapshot } = orProblem(rolledBack)
      return c.json(toProductionRecord(version, snapshot))
    },
  )

  return app
}
