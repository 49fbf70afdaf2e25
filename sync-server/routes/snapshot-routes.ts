import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import * as Y from 'yjs'
import { SnapshotRequestSchema } from '../../shared/model-api-schemas.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { writeModel } from '../../shared/model-doc.ts'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { hashModel } from '../models/hash-model.ts'
import type { ModelCatalog } from '../models/model-catalog.ts'
import { readDraft } from '../models/read-draft.ts'
import type { Workflow } from '../promotion/create-workflow.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import type { Store } from '../store/open-store.ts'
import type { Rooms } from '../sync/create-rooms.ts'
import { commitOrFail, SERVER_ORIGIN } from './commit-or-fail.ts'

export interface SnapshotRouteDeps {
  auth: Auth
  store: Store
  rooms: Rooms
  catalog: ModelCatalog
  /** Records each snapshot taken (audit) and streams it to everyone following the model. */
  workflow: Workflow
}

/** `/api/models/:id/snapshots`: take (immutable), list, fetch, and restore into the live draft. */
export function snapshotRoutes({
  auth,
  store,
  rooms,
  catalog,
  workflow,
}: SnapshotRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireModel = (id: string) => {
    if (!catalog.exists(id)) {
      throw new ProblemError(404, PROBLEM_CODES.modelNotFound, `There is no model "${id}".`)
    }
  }
  const requireSnapshot = (id: string, snapshotId: string): Snapshot => {
    requireModel(id)
    const snapshot = store.snapshots.get(id, snapshotId)
    if (snapshot === null) {
      throw new ProblemError(
        404,
        PROBLEM_CODES.snapshotNotFound,
        `There is no snapshot "${snapshotId}" of "${id}".`,
      )
    }
    return snapshot
  }

  app.post(
    '/:id/snapshots',
    requireRole(auth, 'analyst'),
    bodyLimit({ maxSize: 64 * 1024 }),
    async (c) => {
      const id = c.req.param('id')
      const { label } = await readJsonBody(c, SnapshotRequestSchema)
      requireModel(id)
      const identity = c.get('identity')
      const snapshot = rooms.use(id, (room) => {
        const draft = readDraft(room)
        if (draft.model === null) {
          throw new ProblemError(
            422,
            PROBLEM_CODES.draftNotAModel,
            'The draft does not match the model schema.',
            {
              findings: draft.findings,
            },
          )
        }
        const taken: Snapshot = {
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
        workflow.commit((record) => {
          store.snapshots.insert(taken, state)
          record({
            at: taken.createdAt,
            actor: taken.createdBy,
            action: WORKFLOW_EVENTS.snapshotTaken,
            modelId: id,
            details: { snapshotId: taken.id, label, hash: taken.hash },
          })
        })
        return taken
      })
      return c.json(toJson(snapshot), 201)
    },
  )

  app.get('/:id/snapshots', requireRole(auth, 'viewer'), (c) => {
    const id = c.req.param('id')
    requireModel(id)
    return c.json({ snapshots: store.snapshots.list(id).map(toJson) })
  })

  app.get('/:id/snapshots/:sid', requireRole(auth, 'viewer'), (c) =>
    c.json(toJson(requireSnapshot(c.req.param('id'), c.req.param('sid')))),
  )

  app.post('/:id/snapshots/:sid/restore', requireRole(auth, 'analyst'), (c) => {
    const id = c.req.param('id')
    const snapshot = requireSnapshot(id, c.req.param('sid'))
    const identity = c.get('identity')
    const draft = rooms.use(id, (room) => {
      commitOrFail(room, identity, SERVER_ORIGIN, () =>
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
