import { compileModel, type CompiledModel } from '../../engine/compile-model.ts'
import type { Snapshot } from '../store/snapshot-store.ts'

/** A snapshot's model compiled for scoring, with the content hash it was compiled from. */
export interface CompiledSnapshot {
  compiled: CompiledModel
  hash: string
}

export interface CompiledModels {
  /** The model's snapshot compiled, loading and compiling it only on first use (`load` may throw: nothing is cached). */
  get(modelId: string, snapshotId: string, load: () => Snapshot): CompiledSnapshot
}

/**
 * Compiled snapshots, least recently used dropped first. A snapshot is immutable, so its compiled
 * form never goes stale: each production version and `?snapshot=` share one entry, compiled once.
 */
export function createCompiledModels(capacity = 64): CompiledModels {
  const cache = new Map<string, CompiledSnapshot>()
  return {
    get(modelId, snapshotId, load) {
      const key = `${modelId}\u0000${snapshotId}`
      const hit = cache.get(key)
      if (hit !== undefined) {
        // Re-inserting moves the entry to the back of the Map's order: most recently used.
        cache.delete(key)
        cache.set(key, hit)
        return hit
      }
      const snapshot = load()
      const entry = { compiled: compileModel(snapshot.model), hash: snapshot.hash }
      cache.set(key, entry)
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string)
      return entry
    },
  }
}
