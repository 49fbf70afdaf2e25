import * as Y from 'yjs'
import type { Identity } from '../../shared/identity-schema.ts'
import { writeModel } from '../../shared/model-doc.ts'
import { newDocId } from '../../shared/new-doc-id.ts'
import { failure, success, type Failure, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { findSnapshot } from '../promotion/find-workflow-records.ts'
import type { Branch } from '../store/branch-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { commitOrFail, SERVER_ORIGIN } from '../sync/commit-or-fail.ts'
import type { BranchContext } from './branch-context.ts'

export interface BranchOrder {
  modelId: string
  name: string
  /** A snapshot of the model to fork from; null or absent: the draft. */
  from?: string | null | undefined
  actor: Identity
}

/**
 * Forks the model's draft into a new doc that shares its history, so merging the branch back is
 * an exact CRDT merge. Forked from a snapshot, the branch then gets the fields where the snapshot
 * differs from the draft, as one change by the forking user: merging brings those values back.
 */
export async function createBranch(
  { store, rooms, workflow }: BranchContext,
  { modelId, name, from, actor }: BranchOrder,
): Promise<Outcome<Branch>> {
  let snapshot: Snapshot | null = null
  if (from !== undefined && from !== null) {
    const found = await findSnapshot(store, modelId, from)
    if (!found.ok) return found
    snapshot = found.value
  }
  if ((await store.branches.get(modelId, name)) !== null) return nameTaken(modelId, name)
  const fork = await rooms.use(modelId, (room) =>
    room.readInTurn((doc, seq) => ({
      state: Y.encodeStateAsUpdate(doc),
      sv: Y.encodeStateVector(doc),
      seq,
    })),
  )
  const by = { id: actor.id, name: actor.name }
  const forkedAt = Date.now()
  const branchId = newDocId('b-')
  const created = await workflow.commit(async (tx, record) => {
    await tx.lockModel(modelId)
    // Checked again under the lock: of two forks racing for one name, one gets it.
    if ((await tx.branches.get(modelId, name)) !== null) return nameTaken(modelId, name)
    // The branch doc starts as the draft's state, with no change-feed entries: nothing changed.
    const branchSeq = await tx.docs.append({
      docId: branchId,
      update: fork.state,
      user: by,
      at: forkedAt,
      changes: [],
    })
    const branch: Branch = {
      branchId,
      modelId,
      name,
      forkedAt,
      forkedBy: by,
      from: snapshot?.id ?? null,
      forkDraftSv: fork.sv,
      forkDraftSeq: fork.seq,
      // Applying a doc's whole state gives a doc with the same state vector.
      forkBranchSv: fork.sv,
      forkBranchSeq: branchSeq,
      forkState: fork.state,
    }
    await tx.branches.insert(branch)
    await record({
      at: forkedAt,
      actor: by,
      action: WORKFLOW_EVENTS.branchCreated,
      modelId,
      details: { branchId, name, from: branch.from },
    })
    return success(branch)
  })
  if (!created.ok || snapshot === null) return created
  const model = snapshot.model
  await rooms.use(branchId, (room) =>
    commitOrFail(room, actor, SERVER_ORIGIN, () => writeModel(room.doc, model, SERVER_ORIGIN)),
  )
  return created
}

function nameTaken(modelId: string, name: string): Failure {
  return failure(
    PROBLEM_CODES.branchNameTaken,
    `Model "${modelId}" already has a branch named "${name}".`,
    { name },
  )
}
