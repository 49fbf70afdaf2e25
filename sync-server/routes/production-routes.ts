import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { toProductionRecord, toVersionRecord } from '../promotion/api-records.ts'
import { RollbackBodySchema } from '../../shared/promotion-api-schemas.ts'
import { matchesEtag } from '../promotion/matches-etag.ts'
import { requireModel, requireSnapshot } from '../promotion/require-found.ts'
import { requireProduction, rollBackProduction } from '../promotion/roll-back-production.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'

/**
 * `/api/production/:modelId`: the production model (with an ETag; 304 when unchanged), its
 * versions, and rollback to an earlier version.
 */
export function productionRoutes(auth: Auth, ctx: WorkflowContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { store } = ctx

  app.get('/api/production/:modelId', requireRole(auth, 'viewer'), (c) => {
    const modelId = c.req.param('modelId')
    const current = requireProduction(ctx, modelId)
    // A version is immutable and never reused, so it (with the hash, for the eye) identifies the body.
    const etag = `"v${current.version}-${current.hash.slice(0, 16)}"`
    const headers = { etag, 'cache-control': 'no-cache' }
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers)
    const snapshot = requireSnapshot(ctx, modelId, current.snapshotId)
    return c.json(toProductionRecord(current, snapshot), 200, headers)
  })

  app.get('/api/production/:modelId/versions', requireRole(auth, 'viewer'), (c) => {
    const modelId = c.req.param('modelId')
    requireModel(ctx, modelId)
    const versions = store.production.list(modelId)
    return c.json({
      modelId,
      current: versions[0]?.version ?? 0,
      versions: versions.map(toVersionRecord),
    })
  })

  app.post(
    '/api/production/:modelId/rollback',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: 16 * 1024 }),
    async (c) => {
      const { toVersion, expectedVersion } = await readJsonBody(c, RollbackBodySchema)
      const { version, snapshot } = rollBackProduction(ctx, {
        modelId: c.req.param('modelId'),
        toVersion,
        expectedVersion,
        identity: c.get('identity'),
      })
      return c.json(toProductionRecord(version, snapshot))
    },
  )

  return app
}
