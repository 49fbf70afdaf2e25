import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { hashModel } from '../models/hash-model.ts'
import type { Snapshot } from '../store/snapshot-store.ts'

/**
 * 409 `snapshot-hash-mismatch` unless the snapshot's content still hashes to `expected`: what is
 * promoted is exactly the content that was validated and approved, byte for byte.
 */
export function verifySnapshotHash(snapshot: Snapshot, expected: string): void {
  const actual = hashModel(snapshot.model)
  if (actual !== expected || snapshot.hash !== expected) {
    throw new ProblemError(
      409,
      PROBLEM_CODES.snapshotHashMismatch,
      `The content of snapshot "${snapshot.id}" no longer matches its hash; it cannot be promoted.`,
      { expected, actual },
    )
  }
}
