import type { Identity } from '../../shared/identity-schema.ts'

/** Hono's context typing for this app: routes behind `requireRole` read the caller's identity. */
export type AppEnv = { Variables: { identity: Identity } }
