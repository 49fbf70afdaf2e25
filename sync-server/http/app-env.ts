import type { Identity } from '../auth/identity.ts'

/** Hono's context typing for this app: routes behind `requireRole` read the caller's identity. */
export type AppEnv = { Variables: { identity: Identity } }
