import { IdentitySchema, type Identity } from '../../shared/identity-schema.ts'
import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

/** Asks the server who the token belongs to: 401 means the token is bad or expired. */
export function fetchMe(token: string): Promise<ApiResult<Identity>> {
  return apiFetch('/api/me', token, IdentitySchema)
}
