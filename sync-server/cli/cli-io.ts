import type { Readable, Writable } from 'node:stream'

/** The streams a command talks through, so tests can run a command in-process or as a child. */
export interface CliIo {
  readonly stdout: Writable
  readonly stderr: Writable
  readonly stdin: Readable
  /** The environment a command reads its settings from (SCORING_TOKEN, …). */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The process's own streams; stdin is touched only when a command reads it. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: opening process.stdin creates a handle, which a command that never reads it should not.
    get stdin() {
      return process.stdin
    },
    env: process.env,
  }
}

/** Whether a stream is a terminal (a person watching), as process.stderr.isTTY says. */
export function isTerminal(stream: Readable | Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true
}
