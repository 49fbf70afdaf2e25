import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * This module's own file name tells how the CLI runs: from its TypeScript sources (through tsx)
 * or from the bundle the bin builds, where every `*-worker.ts` is an entry of its own, `.mjs`, in
 * the same folder as the code that starts it.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts')
const RUN_TS_WORKER = new URL('./run-ts-worker.mjs', import.meta.url)

/**
 * Starts the worker thread whose module is `entry` (a `*-worker.ts` file under sync-server/cli, as
 * `new URL('./x-worker.ts', import.meta.url)`), whether the CLI runs bundled or from its sources.
 */
export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (FROM_SOURCES) return new Worker(RUN_TS_WORKER, { ...options, argv: [entry.href] })
  return new Worker(new URL(entry.href.replace(/\.ts$/, '.mjs')), options)
}
