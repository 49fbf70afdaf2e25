import type { Finding } from '../../shared/finding-schema.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

/** One model as GET /api/models lists it. */
export interface ModelSummary {
  id: string
  name: string | null
  updatedAt: string
  errors: number
  warnings: number
}

/** Lists the models the server holds. */
export function listModels(token: string): Promise<ApiResult<{ models: ModelSummary[] }>> {
  return apiFetch('/api/models', token)
}

/** Creates a model doc on the server from model JSON (409 when the id is taken, 422 when invalid). */
export function createModel(
  token: string,
  model: unknown,
): Promise<ApiResult<{ model: unknown; findings: Finding[] }>> {
  return apiFetch('/api/models', token, { method: 'POST', body: model })
}

/** The live draft of a model as the server holds it (`draft` is the raw model-shaped JSON). */
export function fetchModelDraft(
  token: string,
  id: string,
): Promise<ApiResult<{ id: string; model: unknown; draft: unknown; findings: Finding[] }>> {
  return apiFetch(`/api/models/${encodeURIComponent(id)}`, token)
}
