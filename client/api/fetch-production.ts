import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

/** The production version of a model (GET /api/production/:id). */
export interface ProductionModel {
  version: number
  model: unknown
}

/** The model's production version; a 404 problem (`not-in-production`) before its first promotion. */
export async function fetchProduction(
  token: string,
  modelId: string,
): Promise<ApiResult<ProductionModel>> {
  const result = await apiFetch<{ version?: unknown; model?: unknown }>(
    `/api/production/${encodeURIComponent(modelId)}`,
    token,
  )
  if (!result.ok) return result
  const { version, model } = result.data
  if (typeof version !== 'number' || typeof model !== 'object' || model === null) {
    return {
      ok: false,
      kind: 'problem',
      problem: {
        status: result.status,
        detail: 'The server sent a production record this app cannot read.',
      },
    }
  }
  return { ...result, data: { version, model } }
}
