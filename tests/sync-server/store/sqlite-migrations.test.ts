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

test('requests and the production versions naming them survive the rebuild for scheduling', () => {
  const dir = tempDir()
  const old = new Database(join(dir, DATABASE_FILE))
  const before = SQLITE_MIGRATIONS.findIndex((sql) => sql.includes('promotion_requests_next'))
  for (const sql of SQLITE_MIGRATIONS.slice(0, before)) old.exec(sql)
  old.pragma(`user_version = ${before}`)
  old.exec(
    `INSERT INTO docs VALUES ('m', 1, 1, NULL, 0, 0);
     INSERT INTO snapshots VALUES ('s', 'm', 'l', x'00', '{}', 'h', '[]', 1, 'ana', 'Ana');
     INSERT INTO promotion_requests (id, model_id, snapshot_id, hash, dataset_id, as_of,
       findings_json, based_on_version, status, requested_at, requested_by_id, requested_by_name,
       decided_at, decided_by_id, decided_by_name, version, backtest_json)
     VALUES ('r', 'm', 's', 'h', 'demo', 1, '[]', 0, 'approved', 2, 'rita', 'Rita', 3, 'remy',
       'Remy', 1, '{"kept":true}');
     INSERT INTO production_versions VALUES ('m', 1, 's', 'h', 'promotion', 'r', NULL, 3, 'remy',
       'Remy');
     INSERT INTO shadow_totals VALUES ('r', 5, 1, 0.5, 0.25);`,
  )
  old.close()

  const db = openSqliteDatabase(dir)
  expect(db.prepare('SELECT status, version, backtest_json FROM promotion_requests').all()).toEqual(
    [{ status: 'approved', version: 1, backtest_json: '{"kept":true}' }],
  )
  expect(db.prepare('SELECT scored FROM shadow_totals').all()).toEqual([{ scored: 5 }])
  expect(db.pragma('foreign_key_check')).toEqual([])
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
  // The decided request stays decided, and is still referenced: neither changes nor goes.
  expect(() => db.exec("UPDATE promotion_requests SET status = 'pending'")).toThrow(/decided once/)
  expect(() => db.exec('DELETE FROM promotion_requests')).toThrow(/kept/)
  expect(() =>
    db.exec(
      `INSERT INTO production_versions VALUES ('m', 2, 's', 'h', 'promotion', 'gone', NULL, 4,
        'remy', 'Remy')`,
    ),
  ).toThrow(/FOREIGN KEY/)
  db.close()
})
