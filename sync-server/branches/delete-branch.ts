import { hasRole, type Identity } from '../../shared/identity-schema.ts'
import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import type { Branch } from '../store/branch-store.ts'
import type { BranchContext } from './branch-context.ts'

/**
 * Deletes a branch (its creator or a release manager): its name is free again; its doc, change
 * feed and audit entries stay.
 */
export async function deleteBranch(
  { workflow }: BranchContext,
  branch: Branch,
  actor: Identity,
): Promise<Outcome<null>> {
  if (branch.forkedBy.id !== actor.id && !hasRole(actor.role, 'release-manager')) {
    return failure(
      PROBLEM_CODES.forbidden,
      `Only ${branch.forkedBy.name}, who made branch "${branch.name}", or a release manager may delete it.`,
    )
  }
  const by = { id: actor.id, name: actor.name }
  return workflow.commit(async (tx, record) => {
    const at = Date.now()
    if (!(await tx.branches.remove(branch.branchId, at, by))) {
      return failure(PROBLEM_CODES.branchNotFound, `Branch "${branch.name}" was deleted already.`)
    }
    await record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.branchDeleted,
      modelId: branch.modelId,
      details: { branchId: branch.branchId, name: branch.name, from: branch.from },
    })
    return success(null)
  })
}
