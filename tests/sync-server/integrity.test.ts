import Database from 'better-sqlite3'
import { copyFileSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { readConfig } from '../../sync-server/read-config.ts'
import { startServer } from '../../sync-server/start-server.ts'
import { IntegrityError } from '../../sync-server/store/integrity-error.ts'
import {
  DATABASE_FILE,
  openSqliteDatabase,
} from '../../sync-server/store/sqlite/open-sqlite-database.ts'
import { DEMO_ID } from './promotion/support/models.ts'
import {
  call,
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './promotion/support/promotion-server.ts'
import { makeDataDir, TEST_SECRET } from './support/test-server.ts'

const servers: PromotionServer[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const newDir = () => {
  const dir = makeDataDir()
  dirs.push(dir)
  return dir
}

/** A server with a promoted model on a data directory the test owns (kept after dispose). */
async function serverWithPromotion(dataDir: string): Promise<PromotionServer> {
  const server = await startPromotionServer({ dataDir })
  servers.push(server)
  await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
  return server
}

/** What a crash would leave: the database and WAL files as they are now, with no checkpoint. */
function copyCrashImage(from: string): string {
  const to = newDir()
  copyFileSync(join(from, DATABASE_FILE), join(to, DATABASE_FILE))
  copyFileSync(join(from, `${DATABASE_FILE}-wal`), join(to, `${DATABASE_FILE}-wal`))
  return to
}

const start = (dataDir: string, startAnyway = false) =>
  startServer({ port: 0, dataDir, secret: TEST_SECRET, startAnyway })

describe('start-up integrity', () => {
  test('a WAL cut short (committed transactions lost) stops the start and is left untouched', async () => {
    const running = await serverWithPromotion(newDir())
    const image = copyCrashImage(running.dataDir)
    const wal = join(image, `${DATABASE_FILE}-wal`)
    // The intact crash image starts: SQLite recovers every committed transaction.
    const intact = await start(copyCrashImage(running.dataDir))
    expect((await intact.store.production.current(DEMO_ID))?.version).toBe(1)
    await intact.close()

    truncateSync(wal, statSync(wal).size - 100)
    const size = statSync(wal).size
    const refused = await start(image).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(IntegrityError)
    expect((refused as Error).message).toMatch(/WAL frame at byte \d+ is cut short.*START_ANYWAY=1/)
    expect(statSync(wal).size).toBe(size)

    const forced = await start(image, true)
    expect(forced.url).toMatch(/^http:/)
    await forced.close()
  })

  test('quick_check finds a damaged page and stops the start', async () => {
    const running = await serverWithPromotion(newDir())
    await running.dispose()
    servers.length = 0
    const file = join(running.dataDir, DATABASE_FILE)
    const fd = openSync(file, 'r+')
    const pageSize = 4096
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, 2 * pageSize)
    const refused = await start(running.dataDir).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(IntegrityError)
    expect((refused as IntegrityError).problems.join(' ')).toMatch(/quick_check|cannot be read/)
  })

  test('production disagreeing with the audit chain fails verify and stops the next start', async () => {
    const running = await serverWithPromotion(newDir())
    const verify = () =>
      call(running, 'GET', '/api/audit/verify', { token: running.tokenOf('viewer') })
    expect((await verify()).body.ok).toBe(true)
    // The last audit entry (production.promoted) is lost; the chain up to it still holds.
    const db = new Database(join(running.dataDir, DATABASE_FILE))
    const last = db
      .prepare<[], { seq: number; action: string }>(
        'SELECT seq, action FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get()!
    expect(last.action).toBe('production.promoted')
    db.exec('DROP TRIGGER audit_log_no_delete')
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(last.seq)
    db.close()
    const answer = (await verify()).body
    expect(answer).toMatchObject({ ok: false, entries: last.seq - 1 })
    expect(answer.reason).toMatch(
      /^production disagrees with the audit log: demo-lead-score v1: production has this version; the audit log does not/,
    )
    await running.dispose()
    servers.length = 0
    await expect(start(running.dataDir)).rejects.toThrow(/production disagrees with the audit log/)
    const forced = await start(running.dataDir, true)
    await forced.close()
  })
})

describe('durability', () => {
  test('DURABILITY=full makes every commit fsync (synchronous = FULL)', () => {
    const dataDir = newDir()
    const full = openSqliteDatabase(dataDir, 'full')
    expect(full.pragma('synchronous', { simple: true })).toBe(2)
    full.close()
    const normal = openSqliteDatabase(dataDir)
    expect(normal.pragma('synchronous', { simple: true })).toBe(1)
    normal.close()
    const env = { DATA_DIR: dataDir }
    expect(readConfig({ ...env, DURABILITY: 'full' })).toMatchObject({
      ok: true,
      config: { durability: 'full' },
    })
    expect(readConfig({ ...env, DURABILITY: 'sometimes' }).ok).toBe(false)
    expect(readConfig({ ...env, START_ANYWAY: 'yes' }).ok).toBe(false)
  })
})
