import {
  ProductionRecordSchema,
  type ProductionRecord,
} from '../../shared/promotion-api-schemas.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

/** The model's production version; a 404 problem (`not-in-production`) before its first promotion. */
export function fetchProduction(
  token: string,
  modelId: string,
): Promise<ApiResult<ProductionRecord>> {
  return apiFetch(`/api/production/${encodeURIComponent(modelId)}`, token, ProductionRecordSchema)
}
