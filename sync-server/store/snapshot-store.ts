import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'

/** An immutable named copy of a doc: its Yjs state, the decoded model, and that model's hash. */
export interface Snapshot {
  id: string
  modelId: string
  label: string
  hash: string
  model: Model
  findings: Finding[]
  createdAt: number
  createdBy: { id: string; name: string }
}

export interface SnapshotStore {
  insert(snapshot: Snapshot, state: Uint8Array): Promise<void>
  list(modelId: string): Promise<Snapshot[]>
  /** How many snapshots the model has. */
  count(modelId: string): Promise<number>
  get(modelId: string, snapshotId: string): Promise<Snapshot | null>
  /** The Yjs state the snapshot was taken from. */
  state(modelId: string, snapshotId: string): Promise<Uint8Array | null>
}
