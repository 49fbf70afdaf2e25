import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { hashAuditEntry } from '../../../sync-server/store/hash-audit-entry.ts'
import { DATABASE_FILE } from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { DEMO_ID } from './support/models.ts'
import {
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer
let db: Database.Database | undefined

afterEach(async () => {
  db?.close()
  db = undefined
  await server?.dispose()
})

test('the audit log is append-only and hash-chained; verify finds the first tampered entry', async () => {
  server = await startPromotionServer()
  const viewer = server.tokenOf('viewer')
  const snapshotId = await takeSnapshot(server, DEMO_ID) // seq 1
  await promote(server, DEMO_ID, snapshotId) // seq 2 requested, 3 approved, 4 promoted
  const pending = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId) // seq 5
  await call(server, 'POST', `/api/promotions/${pending.body.id}/reject`, {
    token: server.tokenOf('releaseManager2'),
    body: { reason: 'not now' },
  }) // seq 6
  const verify = () => call(server, 'GET', '/api/audit/verify', { token: viewer })

  const listed = await call(server, 'GET', '/api/audit', { token: viewer })
  const entries = listed.body.entries
  expect(entries.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
    [1, 'snapshot.taken'],
    [2, 'promotion.requested'],
    [3, 'promotion.approved'],
    [4, 'production.promoted'],
    [5, 'promotion.requested'],
    [6, 'promotion.rejected'],
  ])
  entries.forEach((entry: { prevHash: string; hash: string }, i: number) => {
    expect(entry.prevHash).toBe(i === 0 ? '0'.repeat(64) : entries[i - 1].hash)
  })
  expect((await verify()).body).toEqual({ ok: true, entries: 6, head: entries[5].hash })

  // A second connection to the same file, as anyone with the file could open.
  db = new Database(join(server.dataDir, DATABASE_FILE))
  expect(() =>
    db!.prepare("UPDATE audit_log SET actor_id = 'mallory' WHERE seq = 4").run(),
  ).toThrow(/append-only/)
  expect(() => db!.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/)
  expect((await verify()).body.ok).toBe(true)

  db.exec('DROP TRIGGER audit_log_no_update')
  const original = db
    .prepare<[], { details_json: string }>('SELECT details_json FROM audit_log WHERE seq = 4')
    .get()!
  db.prepare('UPDATE audit_log SET details_json = ? WHERE seq = 4').run(
    original.details_json.replace('"version":1', '"version":2'),
  )
  expect((await verify()).body).toMatchObject({ ok: false, firstBadSeq: 4, entries: 4 })

  // Restoring the bytes restores the chain; re-hashing the edit just moves the break to the next entry.
  db.prepare('UPDATE audit_log SET details_json = ? WHERE seq = 4').run(original.details_json)
  expect((await verify()).body.ok).toBe(true)
  const forged = {
    ...entries[3],
    at: Date.parse(entries[3].at),
    actor: { id: 'mallory', name: 'Mallory' },
  }
  db.prepare(
    "UPDATE audit_log SET actor_id = 'mallory', actor_name = 'Mallory', hash = ? WHERE seq = 4",
  ).run(hashAuditEntry(forged))
  expect((await verify()).body).toMatchObject({ ok: false, firstBadSeq: 5 })
  db.prepare(
    "UPDATE audit_log SET actor_id = 'remy', actor_name = 'Remy Release', hash = ? WHERE seq = 4",
  ).run(entries[3].hash)
  expect((await verify()).body.ok).toBe(true)

  db.exec('DROP TRIGGER audit_log_no_delete')
  db.prepare('DELETE FROM audit_log WHERE seq = 3').run()
  expect((await verify()).body).toMatchObject({ ok: false, firstBadSeq: 4, entries: 3 })
})
