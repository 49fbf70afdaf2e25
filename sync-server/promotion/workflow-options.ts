/** Limits and timings of promotion, scoring, datasets and webhooks; every one has a default. */
export interface WorkflowOptions {
  /** Scoring requests per second per user (a token bucket keyed on the verified user id); 0 = off. */
  scoreRatePerSecond: number
  /** Requests a token may make in a burst before the rate applies. */
  scoreBurst: number
  /** Leads in one scoring request; more → 413. */
  maxScoreLeads: number
  /** Bytes of one scoring request body; more → 413. */
  maxScoreBodyBytes: number
  /** Bytes of one uploaded CSV; more → 413. */
  maxDatasetBytes: number
  /** Data rows of one uploaded CSV; more → 413. */
  maxDatasetRows: number
  /** Datasets one user may keep, and their bytes together. */
  datasetQuotaUserCount: number
  datasetQuotaUserBytes: number
  /** Datasets the server keeps in all, and their bytes together. */
  datasetQuotaTotalCount: number
  datasetQuotaTotalBytes: number
  /** Snapshots one model may keep (they are immutable, so this bounds a model's storage). */
  maxSnapshotsPerModel: number
  /** The first retry of a failed webhook delivery waits this long; each next one twice as long. */
  webhookRetryBaseMs: number
  webhookMaxRetryDelayMs: number
  /** Attempts before a delivery is given up (status failed). */
  webhookMaxAttempts: number
  webhookTimeoutMs: number
  /** How often the outbox is checked besides new events and scheduled retries. */
  webhookPollMs: number
  /** Webhooks may target loopback, private and link-local addresses (a local receiver in tests). */
  webhookAllowPrivate: boolean
  /** How often shadow scoring adds its tallies to the store (and at shutdown). */
  shadowFlushMs: number
  /**
   * How often scheduled promotions are checked besides the timer set for the next due one (which
   * another instance may have scheduled, or a lost signal hidden).
   */
  schedulePollMs: number
  /** The clock of the workflow (epoch ms): requests, approvals and scheduled due times. */
  now: () => number
}

export const DEFAULT_WORKFLOW_OPTIONS: WorkflowOptions = {
  scoreRatePerSecond: 100,
  scoreBurst: 200,
  maxScoreLeads: 10_000,
  maxScoreBodyBytes: 16 * 1024 * 1024,
  maxDatasetBytes: 64 * 1024 * 1024,
  maxDatasetRows: 500_000,
  datasetQuotaUserCount: 20,
  datasetQuotaUserBytes: 256 * 1024 * 1024,
  datasetQuotaTotalCount: 200,
  datasetQuotaTotalBytes: 2 * 1024 * 1024 * 1024,
  maxSnapshotsPerModel: 1000,
  webhookRetryBaseMs: 1000,
  webhookMaxRetryDelayMs: 15 * 60_000,
  webhookMaxAttempts: 10,
  webhookTimeoutMs: 10_000,
  webhookPollMs: 5000,
  webhookAllowPrivate: false,
  shadowFlushMs: 2000,
  schedulePollMs: 60_000,
  now: () => Date.now(),
}

/** The environment variables that set workflow options (all optional). */
const ENV_OPTIONS = {
  SCORE_RATE_LIMIT: 'scoreRatePerSecond',
  SCORE_RATE_BURST: 'scoreBurst',
  SCORE_MAX_LEADS: 'maxScoreLeads',
  DATASET_MAX_BYTES: 'maxDatasetBytes',
  DATASET_QUOTA_USER_COUNT: 'datasetQuotaUserCount',
  DATASET_QUOTA_USER_BYTES: 'datasetQuotaUserBytes',
  DATASET_QUOTA_TOTAL_COUNT: 'datasetQuotaTotalCount',
  DATASET_QUOTA_TOTAL_BYTES: 'datasetQuotaTotalBytes',
  SNAPSHOTS_PER_MODEL: 'maxSnapshotsPerModel',
} as const satisfies Record<string, keyof WorkflowOptions>

/** The environment variables that switch workflow options on (`1`) or off (`0`). */
const ENV_FLAGS = {
  WEBHOOK_ALLOW_PRIVATE: 'webhookAllowPrivate',
} as const satisfies Record<string, keyof WorkflowOptions>

/**
 * Reads SCORE_RATE_LIMIT (requests per second per user, 0 = off), SCORE_RATE_BURST and
 * SCORE_MAX_LEADS, the dataset and snapshot limits (README), and WEBHOOK_ALLOW_PRIVATE (0 or 1);
 * an unset variable keeps the default.
 */
export function readWorkflowEnv(
  env: Record<string, string | undefined>,
): { ok: true; options: Partial<WorkflowOptions> } | { ok: false; reason: string } {
  const options: Partial<WorkflowOptions> = {}
  for (const [name, key] of Object.entries(ENV_OPTIONS)) {
    const text = env[name]
    if (text === undefined || text === '') continue
    const value = Number(text)
    if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(value)) {
      return { ok: false, reason: `${name} must be a number ≥ 0, got "${text}"` }
    }
    options[key] = value
  }
  for (const [name, key] of Object.entries(ENV_FLAGS)) {
    const text = env[name]
    if (text === undefined || text === '') continue
    if (text !== '0' && text !== '1') {
      return { ok: false, reason: `${name} must be 0 or 1, got "${text}"` }
    }
    options[key] = text === '1'
  }
  return { ok: true, options }
}
