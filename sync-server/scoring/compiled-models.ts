import { compileModel, type CompiledModel } from '../../engine/compile-model.ts'
import { success, type Outcome } from '../../shared/outcome.ts'
import type { Snapshot } from '../store/snapshot-store.ts'

/** A snapshot's model compiled for scoring, with the content hash it was compiled from. */
export interface CompiledSnapshot {
  compiled: CompiledModel
  hash: string
}

export interface CompiledModels {
  /** The model's snapshot compiled, loading and compiling it only on first use (a failed load caches nothing). */
  get(
    modelId: string,
    snapshotId: string,
    load: () => Promise<Outcome<Snapshot>>,
  ): Promise<Outcome<CompiledSnapshot>>
}

/**
 * Compiled snapshots, least recently used dropped first. A snapshot is immutable, so its compiled
 * form never goes stale: each production version and `?snapshot=` share one entry, compiled once.
 */
export function createCompiledModels(capacity = 64): CompiledModels {
  const cache = new Map<string, CompiledSnapshot>()
  return {
    async get(modelId, snapshotId, load) {
      const key = `${modelId}\u0000${snapshotId}`
      const hit = cache.get(key)
      if (hit !== undefined) {
        // Re-inserting moves the entry to the back of the Map's order: most recently used.
        cache.delete(key)
        cache.set(key, hit)
        return success(hit)
      }
      const snapshot = await load()
      if (!snapshot.ok) return snapshot
      const entry = { compiled: compileModel(snapshot.value.model), hash: snapshot.value.hash }
      cache.set(key, entry)
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string)
      return success(entry)
    },
  }
}
