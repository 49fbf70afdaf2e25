import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { inspectWal } from './inspect-wal.ts'
import { DATABASE_FILE } from './open-sqlite-database.ts'

/**
 * Checks the SQLite file in `dataDir` before the server opens it for writing: its WAL (see
 * inspectWal) and `PRAGMA quick_check`, on a read-only connection that changes nothing, so a
 * damaged file is left as it was for a restore or a closer look. Returns the problems found.
 */
export function checkDatabaseFile(dataDir: string): string[] {
  const file = join(dataDir, DATABASE_FILE)
  if (!existsSync(file)) return []
  const problems: string[] = []
  const wal = inspectWal(`${file}-wal`)
  if (wal !== null) problems.push(wal)
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const rows = db.pragma('quick_check(20)') as { quick_check: string }[]
    const found = rows.map((row) => row.quick_check).filter((line) => line !== 'ok')
    if (found.length > 0) problems.push(`quick_check: ${found.join('; ')}`)
  } catch (error) {
    problems.push(`the database cannot be read: ${(error as Error).message}`)
  } finally {
    db?.close()
  }
  return problems
}
