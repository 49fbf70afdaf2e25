import { resolve } from 'node:path'
import type { DatabaseConfig } from './store/open-store.ts'
import type { Durability } from './store/sqlite/open-sqlite-database.ts'
import { readWorkflowEnv, type WorkflowOptions } from './promotion/workflow-options.ts'
import { readSyncLimitsEnv, type SyncLimits } from './sync/sync-limits.ts'

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** SCORING_SECRET; when undefined the secret kept in dataDir is used (created once). */
  secret: string | undefined
  /** DURABILITY: `full` makes SQLite fsync each commit (synchronous = FULL). */
  durability: Durability
  /** START_ANYWAY=1: serve what the data directory holds even when its integrity check fails. */
  startAnyway: boolean
  /** SCORE_RATE_LIMIT, SCORE_RATE_BURST, SCORE_MAX_LEADS (see workflow-options.ts). */
  workflow: Partial<WorkflowOptions>
  /** MAX_DOC_BYTES, MAX_CONNECTIONS_PER_USER (see sync/sync-limits.ts). */
  sync: Partial<SyncLimits>
  /** DATABASE_URL (PostgreSQL, for several instances) and DATABASE_POOL (10); null: SQLite. */
  database: DatabaseConfig | null
  /** SHUTDOWN_TIMEOUT: seconds the drain after SIGTERM/SIGINT may take before the exit is forced. */
  shutdownTimeoutSeconds: number
}

export type ConfigResult =
  { ok: true; config: ServerConfig } | { ok: false; reason: string; exitCode: 1 | 2 }

/**
 * Reads PORT (8787), HOST (127.0.0.1), DATA_DIR (./data), SCORING_SECRET, DURABILITY (normal),
 * START_ANYWAY (0), DATABASE_URL, DATABASE_POOL (10) and SHUTDOWN_TIMEOUT (10) from the environment.
 */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const portText = env.PORT ?? '8787'
  const port = Number(portText)
  const bad = (reason: string): ConfigResult => ({ ok: false, reason, exitCode: 2 })
  if (!/^\d+$/.test(portText) || port > 65_535) {
    return bad(`PORT must be a port number (0-65535), got "${portText}"`)
  }
  const durability = env.DURABILITY || 'normal'
  if (durability !== 'normal' && durability !== 'full') {
    return bad(`DURABILITY must be normal or full, got "${durability}"`)
  }
  const startAnyway = env.START_ANYWAY || '0'
  if (startAnyway !== '0' && startAnyway !== '1') {
    return bad(`START_ANYWAY must be 0 or 1, got "${startAnyway}"`)
  }
  const shutdownText = env.SHUTDOWN_TIMEOUT || '10'
  const shutdownTimeoutSeconds = Number(shutdownText)
  if (!/^\d+$/.test(shutdownText) || shutdownTimeoutSeconds < 1 || shutdownTimeoutSeconds > 3600) {
    return bad(`SHUTDOWN_TIMEOUT must be a number of seconds (1-3600), got "${shutdownText}"`)
  }
  const workflow = readWorkflowEnv(env)
  if (!workflow.ok) return bad(workflow.reason)
  const sync = readSyncLimitsEnv(env)
  if (!sync.ok) return bad(sync.reason)
  const database = readDatabaseEnv(env)
  if (!database.ok) return database
  return {
    ok: true,
    config: {
      port,
      host: env.HOST || '127.0.0.1',
      dataDir: resolve(env.DATA_DIR || './data'),
      secret: env.SCORING_SECRET || undefined,
      durability,
      startAnyway: startAnyway === '1',
      workflow: workflow.options,
      sync: sync.limits,
      database: database.database,
      shutdownTimeoutSeconds,
    },
  }
}

/**
 * DATABASE_URL and DATABASE_POOL. With a database every instance must verify the same tokens, so
 * SCORING_SECRET is required (a secret generated into one instance's DATA_DIR would be its own).
 */
function readDatabaseEnv(
  env: NodeJS.ProcessEnv,
): { ok: true; database: DatabaseConfig | null } | { ok: false; reason: string; exitCode: 1 | 2 } {
  const url = env.DATABASE_URL
  if (url === undefined || url === '') return { ok: true, database: null }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    return { ok: false, reason: 'DATABASE_URL must be a postgres:// URL', exitCode: 2 }
  }
  if (!env.SCORING_SECRET) {
    return {
      ok: false,
      reason:
        'SCORING_SECRET is required with DATABASE_URL: every instance must verify the same tokens, so give them all the same secret',
      exitCode: 1,
    }
  }
  const poolText = env.DATABASE_POOL ?? '10'
  const poolSize = Number(poolText)
  if (!/^\d+$/.test(poolText) || poolSize < 1 || poolSize > 1000) {
    return {
      ok: false,
      reason: `DATABASE_POOL must be a number of connections (1-1000), got "${poolText}"`,
      exitCode: 2,
    }
  }
  return { ok: true, database: { url, poolSize } }
}
