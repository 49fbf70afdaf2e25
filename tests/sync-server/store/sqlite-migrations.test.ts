import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import {
  DATABASE_FILE,
  openSqliteDatabase,
} from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { SQLITE_MIGRATIONS } from '../../../sync-server/store/sqlite/sqlite-migrations.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scoring-migrations-test-'))
  dirs.push(dir)
  return dir
}

test('a file from before the one migration list keeps its data and gets one counter', () => {
  const dir = tempDir()
  // What servers wrote before: the sync tables counted by user_version, the promotion tables
  // counted apart in schema_parts.
  const legacy = new Database(join(dir, DATABASE_FILE))
  legacy.exec(SQLITE_MIGRATIONS[0]!)
  legacy.pragma('user_version = 1')
  legacy.exec(SQLITE_MIGRATIONS[1]!)
  legacy.exec(
    `CREATE TABLE schema_parts (part TEXT PRIMARY KEY, version INTEGER NOT NULL);
     INSERT INTO schema_parts VALUES ('promotion', 1);
     INSERT INTO settings VALUES ('kept', 'yes');`,
  )
  legacy.close()

  const db = openSqliteDatabase(dir)
  expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length)
  expect(db.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({
    value: 'yes',
  })
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((row) => (row as { name: string }).name)
  expect(tables).not.toContain('schema_parts')
  expect(tables).toContain('audit_log')
  db.close()
})

test('several openers of one new file migrate it once', () => {
  const dir = tempDir()
  const first = openSqliteDatabase(dir)
  const second = openSqliteDatabase(dir)
  for (const db of [first, second]) {
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length)
  }
  first.close()
  second.close()
})

test('a file from a newer server is refused, unchanged', () => {
  const dir = tempDir()
  const db = new Database(join(dir, DATABASE_FILE))
  db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`)
  db.close()
  expect(() => openSqliteDatabase(dir)).toThrow(/newer than this server/)
})
