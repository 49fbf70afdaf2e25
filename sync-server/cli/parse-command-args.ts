import { parseArgs, type ParseArgsConfig } from 'node:util'

export type ParsedArgs<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>

/** node:util parseArgs (strict by default) with a bad command line as a value: the one-line reason to print. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
): { ok: true; args: ParsedArgs<T> } | { ok: false; reason: string } {
  try {
    return { ok: true, args: parseArgs(config) }
  } catch (error) {
    if (isParseArgsError(error)) return { ok: false, reason: firstSentence(error.message) }
    throw error
  }
}

function isParseArgsError(error: unknown): error is Error {
  return (
    error instanceof TypeError &&
    String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  )
}

/** Node appends advice on "--" to unknown options; the first sentence is the reason. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ')
  return end < 0 ? message : message.slice(0, end)
}
