import type { Identity } from '../../shared/identity-schema.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import { requirePending, requirePromotion } from './require-found.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/**
 * Rejects a pending request with a reason (any release manager, the requester too: withdrawing
 * one's own request needs no second pair of eyes).
 */
export function rejectPromotion(
  ctx: WorkflowContext,
  requestId: string,
  reason: string,
  identity: Identity,
): PromotionRequest {
  const { store, workflow } = ctx
  return workflow.commit((record) => {
    const request = requirePromotion(ctx, requestId)
    requirePending(request)
    const at = Date.now()
    const by = { id: identity.id, name: identity.name }
    const decided = store.promotions.decide(request.id, {
      status: 'rejected',
      at,
      by,
      reason,
      version: null,
    })
    if (!decided) throw new Error(`promotion request ${request.id} was decided concurrently`)
    record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.rejected,
      modelId: request.modelId,
      details: { requestId: request.id, snapshotId: request.snapshotId, reason },
    })
    return { ...request, status: 'rejected', decidedAt: at, decidedBy: by, reason }
  })
}
