import { z } from 'zod'
import {
  BranchListSchema,
  BranchSchema,
  BranchSummarySchema,
  MergeResultSchema,
} from '../../shared/branch-api-schemas.ts'
import { apiFetch, apiFetchBytes } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

const base = (modelId: string) => `/api/models/${encodeURIComponent(modelId)}/branches`
const one = (modelId: string, name: string) => `${base(modelId)}/${encodeURIComponent(name)}`

/** The model's branches, with the changes on each side since each fork. */
export function listBranches(
  token: string,
  modelId: string,
): Promise<ApiResult<z.infer<typeof BranchListSchema>>> {
  return apiFetch(base(modelId), token, BranchListSchema)
}

/** One branch by name (404 when there is none). */
export function fetchBranch(
  token: string,
  modelId: string,
  name: string,
): Promise<ApiResult<z.infer<typeof BranchSummarySchema>>> {
  return apiFetch(one(modelId, name), token, BranchSummarySchema)
}

/** Forks the draft (or the snapshot `from`) into a new branch (409 `branch-name-taken`). */
export function createBranch(
  token: string,
  modelId: string,
  request: { name: string; from?: string },
): Promise<ApiResult<z.infer<typeof BranchSchema>>> {
  return apiFetch(base(modelId), token, BranchSchema, { method: 'POST', body: request })
}

/** What merging the branch would change on the draft, written nowhere. */
export function previewMerge(
  token: string,
  modelId: string,
  name: string,
): Promise<ApiResult<z.infer<typeof MergeResultSchema>>> {
  return apiFetch(`${one(modelId, name)}/merge?dryRun=1`, token, MergeResultSchema, {
    method: 'POST',
  })
}

/**
 * Merges the branch into the draft on the server: one change by this user, in the audit log as
 * `branch.merged` (`applied: false` when the draft already had every change).
 */
export function mergeBranch(
  token: string,
  modelId: string,
  name: string,
): Promise<ApiResult<z.infer<typeof MergeResultSchema>>> {
  return apiFetch(`${one(modelId, name)}/merge`, token, MergeResultSchema, { method: 'POST' })
}

/** The branch's changes since the fork as a Yjs update, for the editor to know the merge by. */
export function fetchMergeUpdate(
  token: string,
  modelId: string,
  name: string,
): Promise<ApiResult<Uint8Array>> {
  return apiFetchBytes(`${one(modelId, name)}/merge-update`, token)
}

/** Deletes the branch (its creator or a release manager); its history stays in the audit log. */
export function deleteBranch(
  token: string,
  modelId: string,
  name: string,
): Promise<ApiResult<null>> {
  return apiFetch(one(modelId, name), token, z.null(), { method: 'DELETE' })
}
