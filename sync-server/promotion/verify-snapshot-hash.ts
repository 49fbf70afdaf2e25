import { failure, type Failure } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { hashModel } from '../models/hash-model.ts'
import type { Snapshot } from '../store/snapshot-store.ts'

/**
 * `snapshot-hash-mismatch` unless the snapshot's content still hashes to `expected`: what is
 * promoted is exactly the content that was validated and approved, byte for byte.
 */
export function verifySnapshotHash(snapshot: Snapshot, expected: string): Failure | null {
  const actual = hashModel(snapshot.model)
  if (actual === expected && snapshot.hash === expected) return null
  return failure(
    PROBLEM_CODES.snapshotHashMismatch,
    `The content of snapshot "${snapshot.id}" no longer matches its hash; it cannot be promoted.`,
    { expected, actual },
  )
}
