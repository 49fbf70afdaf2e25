import type { Finding } from '../../shared/finding-schema.ts'
import type { PromotionBacktest } from '../../shared/backtest-schema.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type { UserRef } from '../../shared/api-common-schemas.ts'
import type { PromotionStatus } from '../../shared/promotion-api-schemas.ts'

/** A request to make one snapshot production, with the impact it was judged on. */
export interface PromotionRequest {
  id: string
  modelId: string
  snapshotId: string
  /** The snapshot's content hash when it was validated; approval promotes exactly this content. */
  hash: string
  note: string | null
  /** The reference dataset the impact was computed on, and the instant it was scored at. */
  datasetId: string
  asOf: number
  /** Null before the first promotion: there is no production model to compare with. */
  impact: ImpactReport | null
  /** Snapshot and production backtested on the dataset's outcome; null when it has none. */
  backtest: PromotionBacktest | null
  /** Warnings of the validation (a request is only made for a model without errors). */
  findings: Finding[]
  /** The production version when the request was made; approval fails when it moved since. */
  basedOnVersion: number
  status: PromotionStatus
  requestedAt: number
  requestedBy: UserRef
  decidedAt: number | null
  decidedBy: UserRef | null
  /** Why it was rejected. */
  reason: string | null
  /** The production version an approval made. */
  version: number | null
}

export interface Decision {
  status: 'approved' | 'rejected'
  at: number
  by: UserRef
  reason: string | null
  version: number | null
}

export interface PromotionStore {
  insert(request: PromotionRequest): Promise<void>
  get(id: string): Promise<PromotionRequest | null>
  /** Newest first, optionally of one model and one status. */
  list(filter: {
    modelId?: string
    status?: PromotionStatus
    limit: number
  }): Promise<PromotionRequest[]>
  /** Decides a pending request; false when it was no longer pending. */
  decide(id: string, decision: Decision): Promise<boolean>
}
