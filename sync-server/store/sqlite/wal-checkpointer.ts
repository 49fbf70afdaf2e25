import type Database from 'better-sqlite3'
import { Worker } from 'node:worker_threads'
import type { Durability } from './open-sqlite-database.ts'

/** What a checkpoint reported: frames in the WAL, and how many of them are now in the file. */
export interface CheckpointResult {
  readonly busy: number
  readonly log: number
  readonly checkpointed: number
}

export interface WalCheckpointer {
  /** Counts a call to the store; every `every` calls, a checkpoint is asked for (one at a time). */
  touched(): void
  /** Resolves once no checkpoint is running, with the last one's result (null before any). */
  settled(): Promise<CheckpointResult | null>
  /** Stops the thread; the connection checkpoints on its own again. */
  close(): Promise<void>
}

/** About as often as SQLite's own automatic checkpoint (every 1000 pages, a few per update). */
const DEFAULT_EVERY = 256
/** SQLite's own default, restored when the thread is gone. */
const AUTO_CHECKPOINT_PAGES = 1000

/**
 * Moves the WAL's checkpoints off the connection that commits. SQLite checkpoints automatically in
 * the commit that takes the WAL past 1000 pages, and a checkpoint syncs the WAL and the file: that
 * commit took 5–15 ms instead of 0.06, and every edit queued behind it waited (the sync benchmark's
 * p99 edit→peer). Here the connection never checkpoints; a worker thread with its own connection
 * (started for the first one) runs a PASSIVE checkpoint every `every` calls to the store, which
 * never blocks a commit. Should the thread fail, the connection checkpoints automatically again, so
 * the WAL never grows unbounded.
 */
export function startWalCheckpointer(
  db: Database.Database,
  durability: Durability,
  every = DEFAULT_EVERY,
): WalCheckpointer {
  db.pragma('wal_autocheckpoint = 0')
  let calls = 0
  let running = false
  let alive = true
  let last: CheckpointResult | null = null
  let waiters: (() => void)[] = []
  const settle = (): void => {
    running = false
    for (const resolve of waiters.splice(0)) resolve()
  }
  const fallBack = (): void => {
    if (!alive) return
    alive = false
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`)
    settle()
  }
  // Started with the first checkpoint, not with the store: a store that sees few writes never
  // needs the thread.
  let worker: Worker | null = null
  const thread = (): Worker => {
    if (worker !== null) return worker
    worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), {
      workerData: { file: db.name, synchronous: durability === 'full' ? 'FULL' : 'NORMAL' },
    })
    // The thread must not keep the process alive; close() ends it in order.
    worker.unref()
    worker.on('message', (result: CheckpointResult) => {
      last = result
      settle()
    })
    worker.on('error', fallBack)
    worker.on('exit', fallBack)
    return worker
  }
  return {
    touched() {
      if (!alive || running || ++calls % every !== 0) return
      running = true
      thread().postMessage('checkpoint')
    },
    settled: () =>
      running ? new Promise((resolve) => waiters.push(() => resolve(last))) : Promise.resolve(last),
    async close() {
      if (!alive) return
      if (worker === null) return fallBack()
      const stopping = worker
      const exited = new Promise((resolve) => stopping.once('exit', resolve))
      // Held while it finishes, or a process with nothing else to do would exit without waiting.
      stopping.ref()
      stopping.postMessage('stop')
      await exited
      waiters = []
    },
  }
}
