import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'

/** Prints a one-line reason and the command's usage to stderr; returns the usage exit code. */
export function reportUsageError(
  io: CliIo,
  command: string,
  reason: string,
  usage: string,
): number {
  io.stderr.write(`${command}: ${reason}\n\n${usage}`)
  return EXIT.usage
}
