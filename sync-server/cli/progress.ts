import type { Writable } from 'node:stream'
import { groupDigits } from './group-digits.ts'

/** Least time between two progress updates. */
const UPDATE_MS = 500

export interface ProgressOptions {
  /** Show progress while running (the CLI turns it on when stderr is a TTY or --progress is given). */
  readonly live: boolean
  /** The input's size in bytes, when known (a file): progress then shows a share and an ETA. */
  readonly totalBytes?: number
}

/** Progress on stderr: live updates (rows, rows/s, share and ETA) when asked, then a summary line. */
export interface Progress {
  /** `count` leads done, `bytes` of the input read so far. */
  tick(count: number, bytes?: number): void
  /** The summary: how many leads, in how long. */
  done(count: number): void
}

/**
 * On a TTY the live line is rewritten in place; elsewhere (--progress into a file or pipe) each
 * update is a line of its own. The summary line is always written.
 */
export function createProgress(
  stderr: Writable,
  verb: string,
  { live, totalBytes }: ProgressOptions,
): Progress {
  const started = performance.now()
  const tty = (stderr as { isTTY?: boolean }).isTTY === true
  let last = started
  let shown = false
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1)
  return {
    tick(count, bytes) {
      if (!live) return
      const now = performance.now()
      // The first update comes at once, so even a short run shows that it is moving.
      if (shown && now - last < UPDATE_MS) return
      last = now
      const elapsed = (now - started) / 1000
      const parts = [`${verb} ${groupDigits(count)} leads`]
      parts.push(`${groupDigits(Math.round(count / elapsed))}/s`)
      if (totalBytes !== undefined && totalBytes > 0 && bytes !== undefined && bytes > 0) {
        const share = Math.min(1, bytes / totalBytes)
        parts.push(`${Math.floor(share * 100)}%`)
        parts.push(`ETA ${Math.ceil((elapsed * (1 - share)) / share)} s`)
      }
      stderr.write(tty ? `\r\x1b[2K${parts.join(' · ')}` : `${parts.join(' · ')}\n`)
      shown = true
    },
    done(count) {
      if (shown && tty) stderr.write('\r\x1b[2K')
      const noun = count === 1 ? 'lead' : 'leads'
      stderr.write(`${verb} ${groupDigits(count)} ${noun} in ${seconds()} s\n`)
    },
  }
}
