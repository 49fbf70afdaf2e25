import type { Worker } from 'node:worker_threads'
import { startWorker } from '../start-worker.ts'
import type { BlockScoringSetup } from './create-block-scorer.ts'
import type { BlockRequest } from './score-block-worker.ts'
import type { ScoredBlock } from './scored-block.ts'

/** Worker threads that score blocks while the main thread reads and writes; B is what they answer. */
export interface BlockScorerPool<B extends ScoredBlock> {
  /** How many workers. */
  readonly size: number
  /** Whether a started worker has fewer than `perWorker` blocks: one more would not wait long. */
  hasRoom(perWorker: number): boolean
  /** Scores a block on the least busy worker; answers resolve in any order, so await them in yours. */
  score(bytes: Uint8Array): Promise<B>
  /** Stops the workers (blocks still being scored are dropped); rejects if one of them failed. */
  close(): Promise<void>
}

/**
 * A worker's young generation: its garbage is a block's worth at a time, and V8's default (up to
 * 48 MB per thread) would hold on to far more memory than scoring needs. A block of JSON lines is
 * parsed into an object per lead, alive until the block is scored: in 4 MB they outlive collections
 * and are copied to the old generation, and the collector takes twice the time it does in 16 MB.
 */
const YOUNG_GENERATION_MB = { csv: 4, jsonl: 16 } as const

const ENTRY = new URL('./score-block-worker.ts', import.meta.url)

interface PoolWorker {
  readonly worker: Worker
  /** Set once the worker has loaded its code and compiled the model. */
  ready: boolean
  busy: number
}

/**
 * Starts `size` workers, each setting up once (createBlockScorer); B is what that scorer returns
 * for the setup's input format.
 */
export function createBlockScorerPool<B extends ScoredBlock>(
  setup: BlockScoringSetup,
  size: number,
): BlockScorerPool<B> {
  const waiting = new Map<
    number,
    { resolve: (block: B) => void; reject: (error: Error) => void; by: PoolWorker }
  >()
  let nextId = 0
  let failure: Error | undefined
  const fail = (error: Error): void => {
    failure ??= error
    for (const { reject } of waiting.values()) reject(failure)
    waiting.clear()
  }
  const workers: PoolWorker[] = Array.from({ length: size }, () => {
    const entry: PoolWorker = {
      worker: startWorker(ENTRY, {
        workerData: { setup },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB[setup.input] },
      }),
      ready: false,
      busy: 0,
    }
    entry.worker.on('message', (scored: (B & { id: number }) | { ready: true }) => {
      if ('ready' in scored) {
        entry.ready = true
        return
      }
      const request = waiting.get(scored.id)
      if (request === undefined) return
      waiting.delete(scored.id)
      request.by.busy--
      request.resolve(scored)
    })
    entry.worker.on('error', fail)
    entry.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a scoring worker stopped (exit code ${code})`))
    })
    return entry
  })
  return {
    size,
    hasRoom(perWorker) {
      return failure === undefined && workers.some((w) => w.ready && w.busy < perWorker)
    },
    score(bytes) {
      if (failure) return Promise.reject(failure)
      const by = workers.reduce((a, w) => (w.busy < a.busy ? w : a))
      const id = nextId++
      by.busy++
      // The worker gets a copy it owns: the caller's bytes may be a view into a larger buffer.
      const copy = new Uint8Array(bytes)
      const request: BlockRequest = { id, bytes: copy }
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject, by })
        by.worker.postMessage(request, [copy.buffer])
      })
    },
    async close() {
      const failed = failure
      failure ??= new Error('the scoring pool is closed')
      await Promise.all(workers.map(({ worker }) => worker.terminate()))
      // A worker that could not start never got a block, yet it is a broken install: say so.
      if (failed !== undefined) throw failed
    },
  }
}
