import { failure, success, type Failure, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import type { StoreParts, StoreTransaction } from '../store/store.ts'

/** The model's snapshot, or `snapshot-not-found`. */
export async function findSnapshot(
  store: StoreParts,
  modelId: string,
  snapshotId: string,
): Promise<Outcome<Snapshot>> {
  const snapshot = await store.snapshots.get(modelId, snapshotId)
  return snapshot === null
    ? failure(
        PROBLEM_CODES.snapshotNotFound,
        `There is no snapshot "${snapshotId}" of "${modelId}".`,
      )
    : success(snapshot)
}

/** The request, or `promotion-not-found`. */
export async function findPromotion(
  store: StoreParts,
  requestId: string,
): Promise<Outcome<PromotionRequest>> {
  const request = await store.promotions.get(requestId)
  return request === null
    ? failure(PROBLEM_CODES.promotionNotFound, `There is no promotion request "${requestId}".`)
    : success(request)
}

/**
 * The request read under its model's lock, or `promotion-not-found`: read once to learn the model,
 * then again once locked, since another writer (here or on another instance) may have decided it
 * in between.
 */
export async function findLockedPromotion(
  tx: StoreTransaction,
  requestId: string,
): Promise<Outcome<PromotionRequest>> {
  const found = await findPromotion(tx, requestId)
  if (!found.ok) return found
  await tx.lockModel(found.value.modelId)
  return findPromotion(tx, requestId)
}

/** The model's production version, or `not-in-production` before its first promotion. */
export async function findProduction(
  store: StoreParts,
  modelId: string,
): Promise<Outcome<ProductionVersion>> {
  const current = await store.production.current(modelId)
  return current === null
    ? failure(
        PROBLEM_CODES.notInProduction,
        `Model "${modelId}" has not been promoted to production yet.`,
      )
    : success(current)
}

/** `request-not-pending` unless the request still waits for a decision. */
export function checkPending(request: PromotionRequest): Failure | null {
  return request.status === 'pending'
    ? null
    : failure(PROBLEM_CODES.requestNotPending, `The request was already ${request.status}.`, {
        status: request.status,
      })
}
