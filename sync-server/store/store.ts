import type { AuditStore } from './audit-store.ts'
import type { BranchStore } from './branch-store.ts'
import type { ChangeStore } from './change-store.ts'
import type { DatasetStore } from './dataset-store.ts'
import type { DocStore } from './doc-store.ts'
import type { ProductionStore } from './production-store.ts'
import type { PromotionCommentStore } from './promotion-comment-store.ts'
import type { PromotionStore } from './promotion-store.ts'
import type { SettingsStore } from './settings-store.ts'
import type { ShadowStore } from './shadow-store.ts'
import type { SnapshotStore } from './snapshot-store.ts'
import type { WebhookStore } from './webhook-store.ts'

/** Everything the server keeps, by part; each adapter (sqlite/, postgres/) implements them all. */
export interface StoreParts {
  readonly docs: DocStore
  readonly snapshots: SnapshotStore
  readonly changes: ChangeStore
  readonly settings: SettingsStore
  readonly promotions: PromotionStore
  readonly comments: PromotionCommentStore
  readonly production: ProductionStore
  readonly audit: AuditStore
  readonly datasets: DatasetStore
  readonly webhooks: WebhookStore
  readonly branches: BranchStore
  readonly shadow: ShadowStore
}

/** The parts inside one transaction: what they read and write commits together or not at all. */
export interface StoreTransaction extends StoreParts {
  /**
   * Locks the model's promotion and production rows until the transaction ends, so that checks
   * and the writes that depend on them (four-eyes, the version a request was based on) hold with
   * any number of writers, in this process or others.
   */
  lockModel(modelId: string): Promise<void>
}

export const STORE_KINDS = ['sqlite', 'postgres'] as const
export type StoreKind = (typeof STORE_KINDS)[number]

/** What the other instances on the same storage tell this one: hints of where to look, never data. */
export interface StoreSignalHandlers {
  /** Another writer committed the doc's update `seq`. */
  doc(docId: string, seq: number): void
  /** Another writer committed a workflow change (audit entry `seq`). */
  workflow(seq: number): void
  /** Another instance's client changed its presence in the doc (an awareness update). */
  presence(docId: string, update: Uint8Array): void
  /** The signal connection came back: anything may have been missed, so look everywhere. */
  resync(): void
}

/** Signals between instances (PostgreSQL LISTEN/NOTIFY); a lost one is made good by reading the log. */
export interface StoreSignals {
  listen(handlers: StoreSignalHandlers): Promise<() => Promise<void>>
  /** Tells the others about a committed workflow change. */
  workflowCommitted(seq: number): Promise<void>
  /** Relays a presence change to the others (never stored; too large a one is not relayed). */
  presenceChanged(docId: string, update: Uint8Array): Promise<void>
  /** How many times the signal connection came back after a loss. */
  readonly reconnects: number
}

/** The port: one async interface over the server's storage. */
export interface Store extends StoreParts {
  readonly kind: StoreKind
  /** Signals from other instances; null when this process is the only writer (SQLite). */
  readonly signals: StoreSignals | null
  /** Runs `fn` in one transaction; a throw rolls everything back and rethrows. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>
  /** Round-trips to the storage (GET /healthz); throws when it is unreachable. */
  ping(): Promise<void>
  close(): Promise<void>
}
