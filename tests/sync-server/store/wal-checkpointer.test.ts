import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { openSqliteDatabase } from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { startWalCheckpointer } from '../../../sync-server/store/sqlite/wal-checkpointer.ts'

const WRITES = 400
const EVERY = 8
/** Each write adds a row of this many bytes: a few pages of WAL. */
const ROW_BYTES = 4096

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function openDatabase(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'scoring-wal-test-'))
  dirs.push(dir)
  const db = openSqliteDatabase(dir)
  db.exec('CREATE TABLE scratch (n INTEGER PRIMARY KEY, bytes BLOB NOT NULL)')
  return db
}

const walBytes = (db: Database.Database): number => statSync(`${db.name}-wal`).size

test('the WAL is checkpointed by the thread, so it stays small while the connection only commits', async () => {
  const db = openDatabase()
  const checkpointer = startWalCheckpointer(db, 'normal', EVERY)
  const insert = db.prepare('INSERT INTO scratch (n, bytes) VALUES (?, ?)')
  for (let n = 0; n < WRITES; n++) {
    insert.run(n, Buffer.alloc(ROW_BYTES, n))
    checkpointer.touched()
    // A checkpoint asked for is done before the writes go on: the bound below is then exact.
    if (n % EVERY === EVERY - 1) await checkpointer.settled()
  }
  const last = await checkpointer.settled()
  expect(last).not.toBeNull()
  expect(last?.checkpointed).toBe(last?.log)
  const checkpointed = walBytes(db)
  await checkpointer.close()
  // Without it, the same writes with SQLite's own checkpoints off pile up in the WAL.
  const control = openDatabase()
  control.pragma('wal_autocheckpoint = 0')
  const insertControl = control.prepare('INSERT INTO scratch (n, bytes) VALUES (?, ?)')
  for (let n = 0; n < WRITES; n++) insertControl.run(n, Buffer.alloc(ROW_BYTES, n))
  expect(walBytes(control)).toBeGreaterThan(WRITES * ROW_BYTES)
  expect(checkpointed).toBeLessThan((walBytes(control) * 4 * EVERY) / WRITES)
  // Every row is in the file, as a new connection reads it.
  const reader = new Database(db.name, { readonly: true })
  expect(reader.prepare('SELECT count(*) AS c FROM scratch').get()).toEqual({ c: WRITES })
  reader.close()
  db.close()
  control.close()
})

test('once the thread is stopped, the connection checkpoints on its own again', async () => {
  const db = openDatabase()
  const checkpointer = startWalCheckpointer(db, 'normal', EVERY)
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
  await checkpointer.close()
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
  // Touching a stopped checkpointer asks for nothing.
  for (let n = 0; n < EVERY; n++) checkpointer.touched()
  expect(await checkpointer.settled()).toBeNull()
  db.close()
})
