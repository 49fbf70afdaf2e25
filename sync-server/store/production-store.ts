import type { UserRef } from '../../shared/api-common-schemas.ts'

export const PRODUCTION_KINDS = ['promotion', 'rollback'] as const
export type ProductionKind = (typeof PRODUCTION_KINDS)[number]

/** One version of a model in production: which snapshot, how it got there, when and by whom. */
export interface ProductionVersion {
  modelId: string
  version: number
  snapshotId: string
  hash: string
  kind: ProductionKind
  /** The approved request of a promotion. */
  requestId: string | null
  /** The earlier version a rollback made production again. */
  rolledBackTo: number | null
  promotedAt: number
  promotedBy: UserRef
}

export interface ProductionStore {
  /** The model's production version (the highest), or null before its first promotion. */
  current(modelId: string): Promise<ProductionVersion | null>
  get(modelId: string, version: number): Promise<ProductionVersion | null>
  /** Every version of the model, newest first. */
  list(modelId: string): Promise<ProductionVersion[]>
  /** Each model's current version number. */
  currentVersions(): Promise<Map<string, number>>
  /** Appends a version; the schema refuses any number but current + 1. */
  insert(version: ProductionVersion): Promise<void>
}
