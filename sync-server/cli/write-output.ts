import type { Writable } from 'node:stream'

/** Batch size: large enough that a million lines are a few hundred writes, small enough to stay cheap. */
const BATCH_CHARS = 64 * 1024

/** The output stream failed or closed (EPIPE when the reader went away): nothing more can be written. */
export class OutputError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message)
    this.name = 'OutputError'
  }
}

/** Buffered, backpressure-aware text output to a stream. */
export interface Output {
  /** Queues text (or bytes); resolves at once unless a full batch had to wait for the stream to drain. */
  write(text: string | Uint8Array): Promise<void>
  /** Writes what is queued and waits until the stream accepts more. */
  flush(): Promise<void>
}

/**
 * Batches small writes (one per lead) into large ones and waits for 'drain' when the stream is
 * full, so a slow reader holds back the input instead of filling memory. What is queued is also
 * written when the process goes idle (waiting for input), so output keeps pace with slow input.
 */
export function createOutput(stream: Writable): Output {
  let pending = ''
  let idleScheduled = false
  let failure: OutputError | undefined
  const onError = (error: Error): void => {
    failure ??= new OutputError(error)
  }
  stream.on('error', onError)

  function check(): void {
    if (failure) throw failure
  }

  async function waitForRoom(): Promise<void> {
    if (!stream.writableNeedDrain) return
    try {
      await waitForDrain(stream)
    } catch (error) {
      failure ??= new OutputError(error as Error)
    }
    check()
  }

  async function flush(): Promise<void> {
    check()
    await waitForRoom()
    if (pending !== '') {
      const text = pending
      pending = ''
      stream.write(text)
    }
    await waitForRoom()
  }

  function flushWhenIdle(): void {
    idleScheduled = false
    // When the stream is full the batch stays queued; the next write or flush waits for room.
    if (pending === '' || failure || stream.writableNeedDrain || stream.destroyed) return
    const text = pending
    pending = ''
    stream.write(text)
  }

  return {
    write(text) {
      check()
      if (typeof text !== 'string') {
        // Bytes come in blocks already large: written as they are, after what is queued.
        if (pending !== '') {
          stream.write(pending)
          pending = ''
        }
        stream.write(text)
        return waitForRoom()
      }
      pending += text
      if (pending.length >= BATCH_CHARS) return flush()
      if (!idleScheduled) {
        idleScheduled = true
        setImmediate(flushWhenIdle)
      }
      return Promise.resolve()
    },
    flush,
  }
}

/** Resolves on 'drain'; rejects when the stream fails or closes first (the reader went away). */
function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error): void => {
      stream.off('drain', onDrain)
      stream.off('error', onError)
      stream.off('close', onClose)
      if (error) reject(error)
      else resolve()
    }
    const onDrain = (): void => settle()
    const onError = (error: Error): void => settle(error)
    const onClose = (): void => settle(new Error('output closed before it drained'))
    stream.on('drain', onDrain)
    stream.on('error', onError)
    stream.on('close', onClose)
  })
}
