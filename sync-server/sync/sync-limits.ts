/** Bounds on what sync lets one doc and one user hold; every one has a default. */
export interface SyncLimits {
  /** Encoded state a doc may reach; an update that would pass it closes its connection (4413). */
  maxDocBytes: number
  /** Open sync sockets per user (token subject), over all docs; one more is closed with 4429. */
  maxConnectionsPerUser: number
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  maxDocBytes: 8 * 1024 * 1024,
  maxConnectionsPerUser: 20,
}

const ENV_LIMITS = {
  MAX_DOC_BYTES: 'maxDocBytes',
  MAX_CONNECTIONS_PER_USER: 'maxConnectionsPerUser',
} as const satisfies Record<string, keyof SyncLimits>

/** Reads MAX_DOC_BYTES and MAX_CONNECTIONS_PER_USER (positive integers); an unset one keeps the default. */
export function readSyncLimitsEnv(
  env: Record<string, string | undefined>,
): { ok: true; limits: Partial<SyncLimits> } | { ok: false; reason: string } {
  const limits: Partial<SyncLimits> = {}
  for (const [name, key] of Object.entries(ENV_LIMITS)) {
    const text = env[name]
    if (text === undefined || text === '') continue
    if (!/^[1-9]\d*$/.test(text.trim())) {
      return { ok: false, reason: `${name} must be a whole number ≥ 1, got "${text}"` }
    }
    limits[key] = Number(text)
  }
  return { ok: true, limits }
}
