import type { WorkflowOptions } from '../promotion/workflow-options.ts'
import type { DatasetUsage } from '../store/dataset-store.ts'

/** A dataset quota that an upload would pass. */
export interface QuotaBreach {
  scope: 'user' | 'total'
  kind: 'count' | 'bytes'
  limit: number
  used: number
}

export type QuotaOptions = Pick<
  WorkflowOptions,
  | 'datasetQuotaUserCount'
  | 'datasetQuotaUserBytes'
  | 'datasetQuotaTotalCount'
  | 'datasetQuotaTotalBytes'
>

/** What the uploader (`mine`) and everyone (`all`) keep now. */
export interface QuotaUsage {
  mine: DatasetUsage
  all: DatasetUsage
}

/**
 * Whether one more dataset of `bytes` fits (0 before the upload is read: then only the counts and
 * the bytes already kept are checked). Null when it is within every quota.
 */
export function checkDatasetQuota(
  options: QuotaOptions,
  { mine, all }: QuotaUsage,
  bytes: number,
): QuotaBreach | null {
  const adding = Math.max(bytes, 1)
  const checks: [QuotaBreach['scope'], QuotaBreach['kind'], number, number, number][] = [
    ['user', 'count', options.datasetQuotaUserCount, mine.count, 1],
    ['total', 'count', options.datasetQuotaTotalCount, all.count, 1],
    ['user', 'bytes', options.datasetQuotaUserBytes, mine.bytes, adding],
    ['total', 'bytes', options.datasetQuotaTotalBytes, all.bytes, adding],
  ]
  for (const [scope, kind, limit, used, add] of checks) {
    if (used + add > limit) return { scope, kind, limit, used }
  }
  return null
}

/** The bytes an upload may have before it passes a byte quota. */
export function uploadAllowance(options: QuotaOptions, { mine, all }: QuotaUsage): number {
  return Math.min(
    options.datasetQuotaUserBytes - mine.bytes,
    options.datasetQuotaTotalBytes - all.bytes,
  )
}

/** The problem detail of a breach. */
export function describeQuotaBreach(breach: QuotaBreach): string {
  const whose = breach.scope === 'user' ? 'You keep' : 'The server keeps'
  const what =
    breach.kind === 'count'
      ? `${breach.used} datasets; the limit is ${breach.limit}`
      : `${breach.used} bytes of datasets; the limit is ${breach.limit}`
  return `${whose} ${what}. Delete a dataset you no longer need (DELETE /api/datasets/:id).`
}
