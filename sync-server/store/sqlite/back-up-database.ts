import Database from 'better-sqlite3'
import { existsSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ensurePrivateFile } from '../../private-files.ts'
import { DATABASE_FILE } from './open-sqlite-database.ts'

export type BackupResult = { ok: true; pages: number } | { ok: false; reason: string }

/**
 * Copies the database in `dataDir` to `target` with SQLite's online backup API: consistent even
 * while the server is writing (the copy is one committed state), and safe for it. The copy is
 * written beside the target (mode 0600) and renamed into place when complete, so a failed backup
 * never leaves a half file under the target's name.
 */
export async function backUpDatabase(dataDir: string, target: string): Promise<BackupResult> {
  const file = join(dataDir, DATABASE_FILE)
  if (!existsSync(file)) return { ok: false, reason: `there is no database in ${dataDir}` }
  if (existsSync(target)) return { ok: false, reason: `${target} exists; choose a new file` }
  const partial = join(dirname(target), `.${Date.now()}.scoring-backup.partial`)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    ensurePrivateFile(partial)
    const { totalPages } = await db.backup(partial)
    renameSync(partial, target)
    return { ok: true, pages: totalPages }
  } catch (error) {
    rmSync(partial, { force: true })
    return { ok: false, reason: (error as Error).message }
  } finally {
    db.close()
  }
}
