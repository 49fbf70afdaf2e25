import type { Writable } from 'node:stream'

/** Leads between two progress lines. */
export const PROGRESS_EVERY = 100_000

/** Progress lines on stderr: a count every PROGRESS_EVERY leads, then the final count and elapsed time. */
export function createProgress(
  stderr: Writable,
  verb: string,
): {
  tick(count: number): void
  done(count: number): void
} {
  const started = performance.now()
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1)
  return {
    tick(count) {
      if (count % PROGRESS_EVERY === 0)
        stderr.write(`${verb} ${count.toLocaleString('en-US')} leads…\n`)
    },
    done(count) {
      const noun = count === 1 ? 'lead' : 'leads'
      stderr.write(`${verb} ${count.toLocaleString('en-US')} ${noun} in ${seconds()} s\n`)
    },
  }
}
