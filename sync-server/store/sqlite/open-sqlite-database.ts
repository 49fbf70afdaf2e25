import Database from 'better-sqlite3'
import { join } from 'node:path'
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from '../../private-files.ts'
import { SQLITE_MIGRATIONS } from './sqlite-migrations.ts'

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
export function openSqliteDatabase(
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
  try {
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * Runs the pending migrations in one IMMEDIATE transaction: it takes the file's write lock before
 * reading the version, so processes starting at once on one file migrate it once. Foreign keys
 * are off meanwhile, as SQLite prescribes for rebuilding a table that others reference, and
 * checked before the commit: a migration that breaks one fails and changes nothing.
 */
function migrate(db: Database.Database): void {
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      const version = schemaVersion(db)
      if (version > SQLITE_MIGRATIONS.length) {
        throw new Error(
          `the database schema (version ${version}) is newer than this server (${SQLITE_MIGRATIONS.length}); upgrade the server`,
        )
      }
      for (const sql of SQLITE_MIGRATIONS.slice(version)) db.exec(sql)
      const broken = db.pragma('foreign_key_check') as unknown[]
      if (broken.length > 0) {
        throw new Error(`the migration broke ${broken.length} foreign key reference(s)`)
      }
      db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`)
    }).immediate()
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

/**
 * How many migrations ran. Files written before the list was one counted the promotion tables
 * apart, in `schema_parts`; those tables are migration 2 of the one list.
 */
function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version !== 1) return version
  const legacy = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_parts'",
    )
    .get()
  if (legacy === undefined) return version
  const row = db
    .prepare<[], { version: number }>("SELECT version FROM schema_parts WHERE part = 'promotion'")
    .get()
  return row?.version === 1 ? 2 : version
}
