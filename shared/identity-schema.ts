import { z } from 'zod'

/** Roles in increasing power; each includes the ones before it (DESIGN.md, Roles). */
export const ROLES = ['viewer', 'analyst', 'release-manager'] as const
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

/** Who a token says its bearer is; the server attributes changes and presence to this, never to the client. */
export const IdentitySchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  role: RoleSchema,
})
export type Identity = z.infer<typeof IdentitySchema>

/** True when `role` includes `required` (release-manager ⊇ analyst ⊇ viewer). */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required)
}
