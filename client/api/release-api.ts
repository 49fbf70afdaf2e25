import { z } from 'zod'
import {
  ProductionRecordSchema,
  ProductionVersionsSchema,
  PromotionCommentListSchema,
  PromotionCommentSchema,
  PromotionListSchema,
  PromotionRecordSchema,
  ShadowReportSchema,
  type ProductionRecord,
  type PromotionCommentRecord,
  type PromotionRecord,
  type ShadowReport,
} from '../../shared/promotion-api-schemas.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

const enc = encodeURIComponent

export function listPromotions(
  token: string,
  modelId: string,
): Promise<ApiResult<z.infer<typeof PromotionListSchema>>> {
  return apiFetch(`/api/models/${enc(modelId)}/promotions`, token, PromotionListSchema)
}

/**
 * Asks to promote a snapshot, at once on approval or no earlier than `scheduledFor` (an ISO
 * instant); the server validates it and computes its impact.
 */
export function requestPromotion(
  token: string,
  modelId: string,
  snapshotId: string,
  note: string,
  scheduledFor: string | null = null,
): Promise<ApiResult<PromotionRecord>> {
  const body = {
    snapshotId,
    ...(note.trim() === '' ? {} : { note: note.trim() }),
    ...(scheduledFor === null ? {} : { scheduledFor }),
  }
  return apiFetch(`/api/models/${enc(modelId)}/promotions`, token, PromotionRecordSchema, {
    method: 'POST',
    body,
  })
}

/** What an approval answers: the new production record, or the request now scheduled (202). */
const ApprovalSchema = z.union([ProductionRecordSchema, PromotionRecordSchema])

/** Approves someone else's request: production moves to its snapshot, now or when it is due. */
export function approvePromotion(
  token: string,
  promotionId: string,
): Promise<ApiResult<ProductionRecord | PromotionRecord>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/approve`, token, ApprovalSchema, {
    method: 'POST',
  })
}

/** Cancels a scheduled request: it never promotes. */
export function cancelPromotion(
  token: string,
  promotionId: string,
): Promise<ApiResult<PromotionRecord>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/cancel`, token, PromotionRecordSchema, {
    method: 'POST',
  })
}

export function rejectPromotion(
  token: string,
  promotionId: string,
  reason: string,
): Promise<ApiResult<PromotionRecord>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/reject`, token, PromotionRecordSchema, {
    method: 'POST',
    body: { reason },
  })
}

/** Production's versions, newest first, and the current one (0 before the first promotion). */
export function fetchVersions(
  token: string,
  modelId: string,
): Promise<ApiResult<z.infer<typeof ProductionVersionsSchema>>> {
  return apiFetch(`/api/production/${enc(modelId)}/versions`, token, ProductionVersionsSchema)
}

/** Makes an earlier version production again, as a new version (only while at `expectedVersion`). */
export function rollBack(
  token: string,
  modelId: string,
  toVersion: number,
  expectedVersion: number,
): Promise<ApiResult<ProductionRecord>> {
  return apiFetch(`/api/production/${enc(modelId)}/rollback`, token, ProductionRecordSchema, {
    method: 'POST',
    body: { toVersion, expectedVersion },
  })
}

/** What a request's snapshot would have done to the leads production scored while it was pending. */
export function fetchShadow(token: string, promotionId: string): Promise<ApiResult<ShadowReport>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/shadow`, token, ShadowReportSchema)
}

/** A request's comments, oldest first. */
export function listComments(
  token: string,
  promotionId: string,
): Promise<ApiResult<z.infer<typeof PromotionCommentListSchema>>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/comments`, token, PromotionCommentListSchema)
}

/** Comments on a request (the server trims the text and keeps it as written). */
export function addComment(
  token: string,
  promotionId: string,
  body: string,
): Promise<ApiResult<PromotionCommentRecord>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/comments`, token, PromotionCommentSchema, {
    method: 'POST',
    body: { body },
  })
}
