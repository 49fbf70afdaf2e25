import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as Y from 'yjs'
import { SnapshotRequestSchema } from '../../shared/model-api-schemas.ts'
import { writeModel } from '../../shared/model-doc.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { AppEnv } from '../http/app-env.ts'
import { pathParam } from '../http/path-param.ts'
import { orProblem, problemOf } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import { hashModel } from '../models/hash-model.ts'
import { readDraft } from '../models/read-draft.ts'
import { findSnapshot } from '../promotion/find-workflow-records.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { commitOrFail, SERVER_ORIGIN } from '../sync/commit-or-fail.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/models/:id/snapshots`: take (immutable), list, fetch, and restore into the live draft. */
export function snapshotRoutes({ auth, store, rooms, catalog, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireModel = async (id: string) => {
    const missing = await checkModel(catalog, id)
    if (missing !== null) throw problemOf(missing)
  }
  const requireSnapshot = async (id: string, snapshotId: string): Promise<Snapshot> => {
    await requireModel(id)
    return orProblem(await findSnapshot(store, id, snapshotId))
  }

  app.post('/', requireRole(auth, 'analyst'), bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const id = pathParam(c, 'id')
    const { label } = await readJsonBody(c, SnapshotRequestSchema)
    await requireModel(id)
    const identity = c.get('identity')
    const taken = await rooms.use(id, async (room): Promise<Outcome<Snapshot>> => {
      const draft = readDraft(room)
      if (draft.model === null) {
        return failure(PROBLEM_CODES.draftNotAModel, 'The draft does not match the model schema.', {
          findings: draft.findings,
        })
      }
      const snapshot: Snapshot = {
        id: randomUUID(),
        modelId: id,
        label,
        hash: hashModel(draft.model),
        model: draft.model,
        findings: draft.findings,
        createdAt: Date.now(),
        createdBy: { id: identity.id, name: identity.name },
      }
      const state = Y.encodeStateAsUpdate(room.doc)
      // Recorded (audit) and streamed to everyone following the model, with the snapshot.
      return workflow.commit(async (tx, record) => {
        // Counted inside the transaction, so parallel requests cannot pass the bound together.
        const limit = workflow.options.maxSnapshotsPerModel
        if ((await tx.snapshots.count(id)) >= limit) {
          return failure(
            PROBLEM_CODES.snapshotQuotaExceeded,
            `The model has ${limit} snapshots, the most it may keep.`,
            { limit },
          )
        }
        await tx.snapshots.insert(snapshot, state)
        await record({
          at: snapshot.createdAt,
          actor: snapshot.createdBy,
          action: WORKFLOW_EVENTS.snapshotTaken,
          modelId: id,
          details: { snapshotId: snapshot.id, label, hash: snapshot.hash },
        })
        return success(snapshot)
      })
    })
    return c.json(toJson(orProblem(taken)), 201)
  })

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const id = pathParam(c, 'id')
    await requireModel(id)
    return c.json({ snapshots: (await store.snapshots.list(id)).map(toJson) })
  })

  app.get('/:sid', requireRole(auth, 'viewer'), async (c) =>
    c.json(toJson(await requireSnapshot(pathParam(c, 'id'), c.req.param('sid')))),
  )

  app.post('/:sid/restore', requireRole(auth, 'analyst'), async (c) => {
    const id = pathParam(c, 'id')
    const snapshot = await requireSnapshot(id, c.req.param('sid'))
    const identity = c.get('identity')
    const draft = await rooms.use(id, async (room) => {
      await commitOrFail(room, identity, SERVER_ORIGIN, () =>
        writeModel(room.doc, snapshot.model, SERVER_ORIGIN),
      )
      return readDraft(room)
    })
    return c.json({ model: draft.model, findings: draft.findings, restoredFrom: snapshot.id })
  })

  return app
}

function toJson(snapshot: Snapshot) {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt).toISOString() }
}
