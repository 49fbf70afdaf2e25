import type { z } from 'zod'
import {
  CreatedModelSchema,
  ModelDraftSchema,
  ModelListSchema,
} from '../../shared/model-api-schemas.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

/** Lists the models the server holds. */
export function listModels(token: string): Promise<ApiResult<z.infer<typeof ModelListSchema>>> {
  return apiFetch('/api/models', token, ModelListSchema)
}

/** Creates a model doc on the server from model JSON (409 when the id is taken, 422 when invalid). */
export function createModel(
  token: string,
  model: unknown,
): Promise<ApiResult<z.infer<typeof CreatedModelSchema>>> {
  return apiFetch('/api/models', token, CreatedModelSchema, { method: 'POST', body: model })
}

/** The live draft of a model as the server holds it (`draft` is the raw model-shaped JSON). */
export function fetchModelDraft(
  token: string,
  id: string,
): Promise<ApiResult<z.infer<typeof ModelDraftSchema>>> {
  return apiFetch(`/api/models/${encodeURIComponent(id)}`, token, ModelDraftSchema)
}
