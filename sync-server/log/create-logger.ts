export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error']

/** A logger writing one JSON object per line (time, level, msg, fields) to `write`. */
export function createLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const threshold = LEVELS.indexOf(minLevel)
  const at =
    (level: LogLevel) =>
    (msg: string, fields: LogFields = {}): void => {
      if (LEVELS.indexOf(level) < threshold) return
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...serializable(fields) })}\n`,
      )
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** A logger that drops everything (tests that do not read logs). */
export const silentLogger: Logger = createLogger(() => {}, 'error')

function serializable(fields: LogFields): LogFields {
  const out: LogFields = {}
  for (const [key, value] of Object.entries(fields)) {
    out[key] =
      value instanceof Error
        ? { name: value.name, message: value.message, stack: value.stack }
        : value
  }
  return out
}
