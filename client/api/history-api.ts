import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

export interface UserRef {
  id: string
  name: string
}

/** One entry of the change feed: who changed which field, from what, to what, when. */
export interface ChangeEntry {
  id: number
  at: string
  user: UserRef
  factorId: string | null
  field: string
  from: unknown
  to: unknown
}

/** A named, immutable copy of a model taken on the server. */
export interface SnapshotSummary {
  id: string
  label: string
  hash: string
  createdAt: string
  createdBy: UserRef
}

const base = (modelId: string) => `/api/models/${encodeURIComponent(modelId)}`

/** The change feed after entry `after` (oldest first), and the id to continue from. */
export function fetchChanges(
  token: string,
  modelId: string,
  after = 0,
): Promise<ApiResult<{ changes: ChangeEntry[]; next: number }>> {
  return apiFetch(`${base(modelId)}/changes?after=${after}&limit=200`, token)
}

/** The model's snapshots. */
export function listSnapshots(
  token: string,
  modelId: string,
): Promise<ApiResult<{ snapshots: SnapshotSummary[] }>> {
  return apiFetch(`${base(modelId)}/snapshots`, token)
}

/** Takes a snapshot of the server's current draft under `label`. */
export function takeSnapshot(
  token: string,
  modelId: string,
  label: string,
): Promise<ApiResult<SnapshotSummary>> {
  return apiFetch(`${base(modelId)}/snapshots`, token, { method: 'POST', body: { label } })
}

/** Makes a snapshot's content the draft again (as a new edit, so it syncs to everyone). */
export function restoreSnapshot(
  token: string,
  modelId: string,
  snapshotId: string,
): Promise<ApiResult<unknown>> {
  return apiFetch(`${base(modelId)}/snapshots/${encodeURIComponent(snapshotId)}/restore`, token, {
    method: 'POST',
  })
}
