import { resolve } from 'node:path'
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
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; reason: string }

/**
 * Reads PORT (8787), HOST (127.0.0.1), DATA_DIR (./data), SCORING_SECRET, DURABILITY (normal) and
 * START_ANYWAY (0) from the environment.
 */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const portText = env.PORT ?? '8787'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65_535) {
    return { ok: false, reason: `PORT must be a port number (0-65535), got "${portText}"` }
  }
  const durability = env.DURABILITY || 'normal'
  if (durability !== 'normal' && durability !== 'full') {
    return { ok: false, reason: `DURABILITY must be normal or full, got "${durability}"` }
  }
  const startAnyway = env.START_ANYWAY || '0'
  if (startAnyway !== '0' && startAnyway !== '1') {
    return { ok: false, reason: `START_ANYWAY must be 0 or 1, got "${startAnyway}"` }
  }
  const workflow = readWorkflowEnv(env)
  if (!workflow.ok) return workflow
  const sync = readSyncLimitsEnv(env)
  if (!sync.ok) return sync
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
    },
  }
}
