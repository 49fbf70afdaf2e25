import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import { findLockedPromotion } from './find-workflow-records.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/**
 * Cancels a request that has a schedule, while it waits for approval or for its due time: any
 * release manager may (the requester too), since calling off a change needs no second pair of
 * eyes. Under the model's lock, so a cancel and the due promotion never both happen; in any other
 * state → `request-not-cancellable`.
 */
export function cancelPromotion(
  { workflow }: WorkflowContext,
  requestId: string,
  identity: Identity,
): Promise<Outcome<PromotionRequest>> {
  return workflow.commit(async (tx, record) => {
    const locked = await findLockedPromotion(tx, requestId)
    if (!locked.ok) return locked
    const request = locked.value
    const from =
      request.status === 'scheduled' ||
      (request.status === 'pending' && request.scheduledFor !== null)
        ? request.status
        : null
    if (from === null) {
      return failure(
        PROBLEM_CODES.notCancellable,
        request.status === 'pending'
          ? 'Only a scheduled request can be cancelled; reject this one instead.'
          : `The request was already ${request.status}; only a scheduled one can be cancelled.`,
        { status: request.status },
      )
    }
    const at = workflow.options.now()
    const by = { id: identity.id, name: identity.name }
    const settlement = { status: 'cancelled', at, by, reason: null, version: null } as const
    if (!(await tx.promotions.settle(request.id, from, settlement))) {
      throw new Error(`promotion request ${request.id} was settled concurrently`)
    }
    await record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.cancelled,
      modelId: request.modelId,
      details: {
        requestId: request.id,
        snapshotId: request.snapshotId,
        requestedBy: request.requestedBy.id,
        previousStatus: from,
      },
    })
    return success({ ...request, status: 'cancelled', settledAt: at, settledBy: by })
  })
}
