import { performance } from 'node:perf_hooks'

/** The longest stretch of queued room work run before timers, signals and sockets get a turn. */
const WORK_SLICE_MS = 10

let turnStarted = 0
let nextTurn: Promise<void> | null = null

/**
 * A promise to await before the next piece of queued work when this turn of the event loop has
 * already run work for WORK_SLICE_MS; null while it has not. Room work chains promises, and with
 * SQLite every await in it settles at once, so without this a backlog runs in one microtask drain:
 * a storm of edits then holds off SIGTERM, timers and the close handshake for seconds, and more
 * frames pile up in the socket buffers meanwhile, making the next drain longer still.
 */
export function yieldWhenBusy(): Promise<void> | null {
  if (nextTurn === null) {
    turnStarted = performance.now()
    nextTurn = new Promise((resolve) =>
      setImmediate(() => {
        nextTurn = null
        resolve()
      }),
    )
    return null
  }
  return performance.now() - turnStarted > WORK_SLICE_MS ? nextTurn : null
}
