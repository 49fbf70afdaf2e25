import { success, type Outcome } from '../../shared/outcome.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import { checkPending, findLockedPromotion } from './find-workflow-records.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/**
 * Rejects a pending request with a reason (any release manager, the requester too: withdrawing
 * one's own request needs no second pair of eyes).
 */
export function rejectPromotion(
  { workflow }: WorkflowContext,
  requestId: string,
  reason: string,
  identity: Identity,
): Promise<Outcome<PromotionRequest>> {
  return workflow.commit(async (tx, record) => {
    const locked = await findLockedPromotion(tx, requestId)
    if (!locked.ok) return locked
    const request = locked.value
    const notPending = checkPending(request)
    if (notPending !== null) return notPending
    const at = workflow.options.now()
    const by = { id: identity.id, name: identity.name }
    const decided = await tx.promotions.decide(request.id, {
      status: 'rejected',
      at,
      by,
      reason,
      version: null,
    })
    if (!decided) throw new Error(`promotion request ${request.id} was decided concurrently`)
    await record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.rejected,
      modelId: request.modelId,
      details: { requestId: request.id, snapshotId: request.snapshotId, reason },
    })
    return success({ ...request, status: 'rejected', decidedAt: at, decidedBy: by, reason })
  })
}
