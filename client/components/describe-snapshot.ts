import type { SnapshotSummary } from '../../shared/model-api-schemas.ts'
import { formatTime } from './format-time.ts'

/** "tuned — Ana Analyst, 02/06/2025 10:00 · #ab12cd34": what tells one snapshot from another. */
export function describeSnapshot(snapshot: SnapshotSummary): string {
  return `${snapshot.label} — ${snapshot.createdBy.name}, ${formatTime(snapshot.createdAt)} · #${snapshot.hash.slice(0, 8)}`
}

/** The snapshots, the newest first (ties keep their order). */
export function newestFirst(snapshots: readonly SnapshotSummary[]): SnapshotSummary[] {
  return [...snapshots].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}
