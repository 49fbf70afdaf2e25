import * as Y from 'yjs'
import type { MergeResult } from '../../shared/branch-api-schemas.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { success } from '../../shared/outcome.ts'
import type { Branch } from '../store/branch-store.ts'
import { commitOrFail, SERVER_ORIGIN } from '../sync/commit-or-fail.ts'
import type { BranchContext } from './branch-context.ts'
import { describeMerge } from './describe-merge.ts'

/** The branch's changes since the fork, as one Yjs update any copy of the draft can apply. */
export async function readMergeUpdate(
  { rooms }: BranchContext,
  branch: Branch,
): Promise<Uint8Array> {
  return rooms.use(branch.branchId, (room) =>
    room.readInTurn((doc) => Y.encodeStateAsUpdate(doc, branch.forkBranchSv)),
  )
}

/**
 * Merges the branch into the draft: its changes since the fork are applied as one update through
 * the draft room's commit (stored, then sent to every editor and instance), attributed to `actor`,
 * and recorded in the audit log. A dry run computes the same on a copy and writes nothing.
 */
export async function mergeBranch(
  context: BranchContext,
  branch: Branch,
  actor: Identity,
  dryRun: boolean,
): Promise<MergeResult> {
  const { rooms, workflow } = context
  const copy = await rooms.use(branch.branchId, (room) =>
    room.readInTurn((doc) => ({
      state: Y.encodeStateAsUpdate(doc),
      update: Y.encodeStateAsUpdate(doc, branch.forkBranchSv),
    })),
  )
  const branchDoc = new Y.Doc()
  try {
    Y.applyUpdate(branchDoc, copy.state)
    const inputs = { forkState: branch.forkState, branch: branchDoc, update: copy.update }
    if (dryRun) {
      return await rooms.use(branch.modelId, (room) =>
        room.readInTurn((draft) => describeMerge({ ...inputs, draft }).result),
      )
    }
    let described: ReturnType<typeof describeMerge> | null = null
    await rooms.use(branch.modelId, (room) =>
      commitOrFail(room, actor, SERVER_ORIGIN, () => {
        // Described and applied in one turn of the room: nothing lands between the two.
        described = describeMerge({ ...inputs, draft: room.doc })
        if (described.news) Y.applyUpdate(room.doc, copy.update, SERVER_ORIGIN)
      }),
    )
    const { result, news } = described as unknown as ReturnType<typeof describeMerge>
    if (!news) return result
    const by = { id: actor.id, name: actor.name }
    await workflow.commit(async (_tx, record) => {
      await record({
        at: Date.now(),
        actor: by,
        action: WORKFLOW_EVENTS.branchMerged,
        modelId: branch.modelId,
        details: {
          branchId: branch.branchId,
          name: branch.name,
          changed: result.changed,
          bothChanged: result.bothChanged.map((entry) => entry.field),
        },
      })
      return success(null)
    })
    return { ...result, applied: true }
  } finally {
    branchDoc.destroy()
  }
}
