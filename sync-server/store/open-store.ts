import { silentLogger, type Logger } from '../log/create-logger.ts'
import { openPostgresStore } from './postgres/open-postgres-store.ts'
import type { Durability } from './sqlite/open-sqlite-database.ts'
import { openSqliteStore } from './sqlite/open-sqlite-store.ts'
import type { Store } from './store.ts'

/** The PostgreSQL database shared by several instances (DATABASE_URL, DATABASE_POOL). */
export interface DatabaseConfig {
  url: string
  poolSize: number
}

export interface StoreConfig {
  /** The directory of the SQLite file (when there is no database). */
  dataDir: string
  /** How SQLite syncs its commits; default `normal`. */
  durability?: Durability
  /** PostgreSQL instead of SQLite. */
  database?: DatabaseConfig | null
  /** Waits between attempts to reach the database at start, in ms; the last one repeats. */
  retryDelaysMs?: readonly number[]
  /** Gives up after this many attempts; default: never. */
  maxAttempts?: number
}

const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15_000]

/**
 * Opens the server's store: PostgreSQL when a database is configured, else SQLite in `dataDir`.
 * A database that cannot be reached is retried with backoff, each attempt logged in one line.
 */
export async function openStore(config: StoreConfig, log: Logger = silentLogger): Promise<Store> {
  const database = config.database
  if (database === undefined || database === null) {
    return openSqliteStore(config.dataDir, config.durability)
  }
  const delays = config.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
  for (let attempt = 1; ; attempt++) {
    try {
      return await openPostgresStore({ url: database.url, poolSize: database.poolSize })
    } catch (error) {
      const reason = describeConnectError(error)
      if (reason === null || attempt >= (config.maxAttempts ?? Infinity)) throw error
      const waitMs = delays[Math.min(attempt - 1, delays.length - 1)] ?? 1000
      log.warn('the database cannot be reached; retrying', {
        database: redactUrl(database.url),
        reason,
        attempt,
        retryInMs: waitMs,
      })
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
  }
}

/** Why a connection failed, when it is worth retrying (the server is down or starting), else null. */
function describeConnectError(error: unknown): string | null {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  if (typeof code !== 'string') return null
  // System errors (refused, unreachable, DNS), the driver's timeouts, and a server still starting.
  if (/^E[A-Z]+$/.test(code) || code === 'CONNECT_TIMEOUT' || code === '57P03') {
    return `${code}: ${message}`
  }
  return null
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable DATABASE_URL)'
  }
}
