import Database from 'better-sqlite3'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from '../private-files.ts'
import { MIGRATIONS } from './store-schema.ts'

export const DATABASE_FILE = 'scoring.sqlite'

/** `normal`: commits survive a crash of the process; `full`: also of the OS or a power loss. */
export type Durability = 'normal' | 'full'

/**
 * Opens (creating when missing) the SQLite file in `dataDir` with WAL and foreign keys, and brings
 * its schema up to date. The directory is created 0700 and the files are 0600: they hold every
 * model, dataset and webhook secret. `synchronous = NORMAL` in WAL mode makes each commit durable against a
 * crash of this process (kill -9): the WAL is written before the commit returns; only an OS crash
 * or power loss can lose the last commits, which `durability: 'full'` (synchronous = FULL,
 * DURABILITY=full) prevents at the cost of an fsync each.
 */
export function openDatabase(
  dataDir: string,
  durability: Durability = 'normal',
): Database.Database {
  ensurePrivateDir(dataDir)
  const file = join(dataDir, DATABASE_FILE)
  // SQLite gives the -wal and -shm files the mode of the database file, so 0600 here covers them.
  ensurePrivateFile(file)
  for (const suffix of ['-wal', '-shm']) tightenFile(file + suffix)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

function migrate(db: Database.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > MIGRATIONS.length) {
    throw new Error(
      `the database schema (version ${version}) is newer than this server (${MIGRATIONS.length}); upgrade the server`,
    )
  }
  const pending = MIGRATIONS.slice(version)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const sql of pending) db.exec(sql)
    db.pragma(`user_version = ${MIGRATIONS.length}`)
  })()
}
