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
  /** When it is due, when asked for; approved before then it waits as `scheduled`. */
  scheduledFor: number | null
  /** When a scheduled (or pending scheduled) request was promoted, suspended or cancelled, by whom. */
  settledAt: number | null
  settledBy: UserRef | null
}

/** The decision on a pending request: its approval (at once or scheduled) or rejection. */
export interface Decision {
  status: 'approved' | 'rejected' | 'scheduled'
  at: number
  by: UserRef
  reason: string | null
  version: number | null
}

/** How a scheduled request ends (or a pending one with a schedule is cancelled). */
export interface Settlement {
  status: 'promoted' | 'suspended' | 'cancelled'
  at: number
  by: UserRef
  /** A suspension's reason code. */
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
  /** Settles a request still in status `from`; false when it no longer was (someone else did). */
  settle(id: string, from: 'pending' | 'scheduled', settlement: Settlement): Promise<boolean>
  /** Scheduled requests due at `now`, the earliest first, at most `limit`. */
  listDue(now: number, limit: number): Promise<PromotionRequest[]>
  /** The earliest due instant of a scheduled request, or null when none waits. */
  nextDueAt(): Promise<number | null>
}
