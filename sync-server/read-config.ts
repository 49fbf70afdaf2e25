import { resolve } from 'node:path'
import { readWorkflowEnv, type WorkflowOptions } from './promotion/workflow-options.ts'
import { readSyncLimitsEnv, type SyncLimits } from './sync/sync-limits.ts'

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** SCORING_SECRET; when undefined the secret kept in dataDir is used (created once). */
  secret: string | undefined
  /** SCORE_RATE_LIMIT, SCORE_RATE_BURST, SCORE_MAX_LEADS (see workflow-options.ts). */
  workflow: Partial<WorkflowOptions>
  /** MAX_DOC_BYTES, MAX_CONNECTIONS_PER_USER (see sync/sync-limits.ts). */
  sync: Partial<SyncLimits>
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; reason: string }

/** Reads PORT (8787), HOST (127.0.0.1), DATA_DIR (./data) and SCORING_SECRET from the environment. */
export function readConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const portText = env.PORT ?? '8787'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65_535) {
    return { ok: false, reason: `PORT must be a port number (0-65535), got "${portText}"` }
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
      workflow: workflow.options,
      sync: sync.limits,
    },
  }
}
