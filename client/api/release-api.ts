import type { ImpactReport } from '../../shared/impact-schema.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'
import type { UserRef } from './history-api.ts'

/** A promotion request as GET /api/models/:id/promotions lists it. */
export interface PromotionRecord {
  id: string
  modelId: string
  status: 'pending' | 'approved' | 'rejected' | string
  snapshotId: string
  note: string | null
  impact: ImpactReport | null
  findings: { code: string; severity: string; message: string }[]
  basedOnVersion: number
  /** Production moved since the request: approving it would fail. */
  stale: boolean
  requestedAt: string
  requestedBy: UserRef
  decidedAt: string | null
  decidedBy: UserRef | null
  reason: string | null
  version: number | null
}

/** One production version (promotion or rollback). */
export interface VersionRecord {
  version: number
  snapshotId: string
  kind: string
  rolledBackTo: number | null
  promotedAt: string
  promotedBy: UserRef
}

const enc = encodeURIComponent

export function listPromotions(
  token: string,
  modelId: string,
): Promise<ApiResult<{ promotions: PromotionRecord[] }>> {
  return apiFetch(`/api/models/${enc(modelId)}/promotions`, token)
}

/** Asks to promote a snapshot; the server validates it and computes its impact. */
export function requestPromotion(
  token: string,
  modelId: string,
  snapshotId: string,
  note: string,
): Promise<ApiResult<PromotionRecord>> {
  const body = note.trim() === '' ? { snapshotId } : { snapshotId, note: note.trim() }
  return apiFetch(`/api/models/${enc(modelId)}/promotions`, token, { method: 'POST', body })
}

/** Approves someone else's request: production moves to its snapshot. */
export function approvePromotion(token: string, promotionId: string): Promise<ApiResult<unknown>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/approve`, token, { method: 'POST' })
}

export function rejectPromotion(
  token: string,
  promotionId: string,
  reason: string,
): Promise<ApiResult<unknown>> {
  return apiFetch(`/api/promotions/${enc(promotionId)}/reject`, token, {
    method: 'POST',
    body: { reason },
  })
}

/** Production's versions, newest first, and the current one (0 before the first promotion). */
export function fetchVersions(
  token: string,
  modelId: string,
): Promise<ApiResult<{ current: number; versions: VersionRecord[] }>> {
  return apiFetch(`/api/production/${enc(modelId)}/versions`, token)
}

/** Makes an earlier version production again, as a new version (only while at `expectedVersion`). */
export function rollBack(
  token: string,
  modelId: string,
  toVersion: number,
  expectedVersion: number,
): Promise<ApiResult<unknown>> {
  return apiFetch(`/api/production/${enc(modelId)}/rollback`, token, {
    method: 'POST',
    body: { toVersion, expectedVersion },
  })
}
