import { resolve } from 'node:path'
import { readConfig } from '../read-config.ts'
import { backUpDatabase } from '../store/sqlite/back-up-database.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring backup'

export const BACKUP_USAGE = `Usage: scoring backup --to <file>

Copies the server's database (DATA_DIR, default ./data) to <file> with SQLite's online backup:
safe while the server runs; the copy is one consistent, committed state, mode 0600.
Restore: stop the server, replace DATA_DIR/scoring.sqlite with the copy (and delete any
scoring.sqlite-wal and scoring.sqlite-shm beside it), then start the server.

Options:
  --to <file>   where to write the copy (must not exist)
  -h, --help    show this help
`

/** `scoring backup --to <file>` */
export async function runBackupCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, BACKUP_USAGE)
  const { values } = parsed.args
  if (values.help) {
    io.stdout.write(BACKUP_USAGE)
    return EXIT.ok
  }
  if (!values.to) return reportUsageError(io, COMMAND, '--to is required', BACKUP_USAGE)
  const config = readConfig({ ...io.env })
  if (!config.ok) return reportUsageError(io, COMMAND, config.reason, BACKUP_USAGE)
  const target = resolve(values.to)
  const result = await backUpDatabase(config.config.dataDir, target)
  if (!result.ok) {
    io.stderr.write(`${COMMAND}: ${result.reason}\n`)
    return EXIT.usage
  }
  io.stderr.write(`${COMMAND}: wrote ${target} (${result.pages} pages)\n`)
  return EXIT.ok
}
