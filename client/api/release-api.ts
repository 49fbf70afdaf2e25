import type { z } from 'zod'
import {
  ProductionRecordSchema,
  ProductionVersionsSchema,
  PromotionListSchema,
  PromotionRecordSchema,
  type ProductionRecord,
  type PromotionRecord,
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

/** Asks to promote a snapshot; the server validates it and computes its impact. */
export function requestPromotion(
  token: string,
  modelId: string,
  snapshotId: string,
  note: string,
): Promise<ApiResult<PromotionRecord>> {
  const body = note.trim() === '' ? { snapshotId } : { snapshotId, note: note.trim() }
  return apiFetch(`/api/models/${enc(modelId)}/promotions`, token, PromotionRecordSchema, {
    method: 'POST',
    body,
  })
}

/** Approves someone else's request: production moves to its snapshot. */
export function approvePromotion(
  token: string,
  promotionId: string,
): Promise<ApiResult<ProductionRecord>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/approve`, token, ProductionRecordSchema, {
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
