import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import type { WorkflowContext } from './workflow-context.ts'

/** 404 `model-not-found` unless the server holds the model. */
export function requireModel({ catalog }: Pick<WorkflowContext, 'catalog'>, modelId: string): void {
  if (!catalog.exists(modelId)) {
    throw new ProblemError(404, PROBLEM_CODES.modelNotFound, `There is no model "${modelId}".`)
  }
}

/** The model's snapshot, or 404 `snapshot-not-found`. */
export function requireSnapshot(
  { store }: Pick<WorkflowContext, 'store'>,
  modelId: string,
  snapshotId: string,
): Snapshot {
  const snapshot = store.snapshots.get(modelId, snapshotId)
  if (snapshot === null) {
    throw new ProblemError(
      404,
      PROBLEM_CODES.snapshotNotFound,
      `There is no snapshot "${snapshotId}" of "${modelId}".`,
    )
  }
  return snapshot
}

/** The request, or 404 `promotion-not-found`. */
export function requirePromotion(ctx: WorkflowContext, requestId: string): PromotionRequest {
  const request = ctx.store.promotions.get(requestId)
  if (request === null) {
    throw new ProblemError(
      404,
      PROBLEM_CODES.promotionNotFound,
      `There is no promotion request "${requestId}".`,
    )
  }
  return request
}

/** 409 `request-not-pending` unless the request still waits for a decision. */
export function requirePending(request: PromotionRequest): void {
  if (request.status !== 'pending') {
    throw new ProblemError(
      409,
      PROBLEM_CODES.requestNotPending,
      `The request was already ${request.status}.`,
      { status: request.status },
    )
  }
}
