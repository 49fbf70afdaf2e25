import { apiFetch } from './api-fetch.ts'
import type { ApiResult } from './api-result.ts'

export const ROLES = ['viewer', 'analyst', 'release-manager'] as const
export type Role = (typeof ROLES)[number]

/** Who the server says a token belongs to (GET /api/me). */
export interface Identity {
  id: string
  name: string
  role: Role
}

/** Asks the server who the token belongs to: 401 means the token is bad or expired. */
export async function fetchMe(token: string): Promise<ApiResult<Identity>> {
  const result = await apiFetch<unknown>('/api/me', token)
  if (!result.ok) return result
  const identity = parseIdentity(result.data)
  if (identity === null) {
    return {
      ok: false,
      kind: 'problem',
      problem: {
        status: result.status,
        detail: 'The server sent an identity this app cannot read.',
      },
    }
  }
  return { ...result, data: identity }
}

/** True when `role` includes `required` (release-manager ⊇ analyst ⊇ viewer). */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required)
}

function parseIdentity(value: unknown): Identity | null {
  if (typeof value !== 'object' || value === null) return null
  const { id, name, role } = value as Record<string, unknown>
  if (typeof id !== 'string' || typeof name !== 'string') return null
  if (!ROLES.includes(role as Role)) return null
  return { id, name, role: role as Role }
}
