import type { CliIo } from './cli-io.ts'

/** Prints a one-line reason to stderr and returns the given exit code. */
export function reportFailure(io: CliIo, command: string, reason: string, code: number): number {
  io.stderr.write(`${command}: ${reason}\n`)
  return code
}
