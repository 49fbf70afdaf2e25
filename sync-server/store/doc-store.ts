import type { FieldChange } from '../../shared/model-doc.ts'

/** What the store holds for one doc: the compacted state and the updates appended since. */
export interface StoredDoc {
  id: string
  state: Uint8Array | null
  updates: Uint8Array[]
  /** Seq of the last update appended (folded or not). */
  lastSeq: number
  /** Updates with seq <= stateSeq are folded into `state`. */
  stateSeq: number
}

export interface DocSummaryRow {
  id: string
  createdAt: number
  updatedAt: number
  lastSeq: number
}

/** One persisted update, attributed to the user whose connection (or request) sent it. */
export interface UpdateEntry {
  docId: string
  update: Uint8Array
  user: { id: string; name: string }
  at: number
  /** The change-feed entries the update made, stored in the same transaction. */
  changes: readonly FieldChange[]
}

/** One update of the log with its seq. */
export interface SeqUpdate {
  seq: number
  update: Uint8Array
}

export interface DocStore {
  /** The doc's stored content, or null when no update was ever stored for it. */
  load(docId: string): Promise<StoredDoc | null>
  has(docId: string): Promise<boolean>
  list(): Promise<DocSummaryRow[]>
  /** Commits one update (and its change-feed entries) atomically; returns its seq. */
  append(entry: UpdateEntry): Promise<number>
  /** The updates with seq > `afterSeq`, in seq order (what another instance committed since). */
  updatesAfter(docId: string, afterSeq: number): Promise<SeqUpdate[]>
  /**
   * The seq of the last update folded into the stored state (0 when none, or no such doc): a
   * reader past a seq below it finds no rows for what was folded and must take the state.
   */
  stateSeq(docId: string): Promise<number>
  /**
   * Replaces the state and deletes the updates it folds (seq <= uptoSeq), in one transaction; a
   * state folding no more than the stored one is ignored, so two compactions never go backwards.
   */
  compact(docId: string, state: Uint8Array, uptoSeq: number): Promise<void>
}
