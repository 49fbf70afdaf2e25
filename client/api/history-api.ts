import type { z } from 'zod'
import {
  ChangeListSchema,
  SnapshotListSchema,
  SnapshotSchema,
} from '../../shared/model-api-schemas.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

const base = (modelId: string) => `/api/models/${encodeURIComponent(modelId)}`

/** The change feed after entry `after` (oldest first), and the id to continue from. */
export function fetchChanges(
  token: string,
  modelId: string,
  after = 0,
): Promise<ApiResult<z.infer<typeof ChangeListSchema>>> {
  return apiFetch(`${base(modelId)}/changes?after=${after}&limit=200`, token, ChangeListSchema)
}

/** The model's snapshots. */
export function listSnapshots(
  token: string,
  modelId: string,
): Promise<ApiResult<z.infer<typeof SnapshotListSchema>>> {
  return apiFetch(`${base(modelId)}/snapshots`, token, SnapshotListSchema)
}

/** Takes a snapshot of the server's current draft under `label`. */
export function takeSnapshot(
  token: string,
  modelId: string,
  label: string,
): Promise<ApiResult<z.infer<typeof SnapshotSchema>>> {
  return apiFetch(`${base(modelId)}/snapshots`, token, SnapshotSchema, {
    method: 'POST',
    body: { label },
  })
}
