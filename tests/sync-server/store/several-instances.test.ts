import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { readModel, setWeight } from '../../../shared/model-doc.ts'
import { WORKFLOW_EVENT_TYPES } from '../../../shared/workflow-event-schema.ts'
import { openEventStream } from '../promotion/support/event-stream.ts'
import { DEMO_ID } from '../promotion/support/models.ts'
import {
  approve,
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from '../promotion/support/promotion-server.ts'
import type { PostgresStore } from '../../../sync-server/store/postgres/open-postgres-store.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'
import { connectClient, type SyncClient } from '../support/sync-client.ts'
import { waitFor } from '../support/wait-for.ts'

let postgres: PrivatePostgres
const servers: PromotionServer[] = []
const clients: SyncClient[] = []

beforeAll(async () => {
  postgres = await startPrivatePostgres()
})
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.dispose()
})
afterAll(() => postgres?.stop())

/** Two instances on one database (started one after the other: the first seeds the demo model). */
async function twoInstances(): Promise<[PromotionServer, PromotionServer]> {
  const database = { url: await postgres.createDatabase(), poolSize: 4 }
  const first = await startPromotionServer({ database })
  servers.push(first)
  const second = await startPromotionServer({ database })
  servers.push(second)
  return [first, second]
}

const weightOf = (doc: Y.Doc, id: string) =>
  readModel(doc).model?.factors.find((f) => f.id === id)?.weight

test('stock clients on different instances see each other’s edits', async () => {
  const [one, two] = await twoInstances()
  const a = connectClient(one.syncUrl, DEMO_ID, one.tokens.analyst)
  const b = connectClient(two.syncUrl, DEMO_ID, two.tokens.analyst2)
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  setWeight(a.doc, 'bounce', 0.04)
  await waitFor('b, on the other instance, sees a’s edit', () => weightOf(b.doc, 'bounce') === 0.04)
  setWeight(b.doc, 'web-engagement', 0.21)
  await waitFor('a sees b’s edit', () => weightOf(a.doc, 'web-engagement') === 0.21)
  for (let i = 1; i <= 20; i++) setWeight((i % 2 ? a : b).doc, 'bounce', i / 1000)
  await waitFor('both converge', () => weightOf(a.doc, 'bounce') === weightOf(b.doc, 'bounce'))
  expect(readModel(a.doc)).toEqual(readModel(b.doc))
})

test('an update another instance folded into its compacted state before this one read it still arrives', async () => {
  const [one, two] = await twoInstances()
  const b = connectClient(two.syncUrl, DEMO_ID, two.tokens.analyst2)
  clients.push(b)
  await b.synced()
  // Instance one commits an edit and compacts the doc in one transaction, as a room unloading
  // right after an HTTP write does: by the time instance two reads the log, the row is folded.
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(b.doc))
  const update = captureUpdate(writer, () => setWeight(writer, 'bounce', 0.07))
  await one.store.transaction(async (tx) => {
    const seq = await tx.docs.append({
      docId: DEMO_ID,
      update,
      user: { id: 'ana', name: 'Ana Analyst' },
      at: Date.now(),
      changes: [],
    })
    await tx.docs.compact(DEMO_ID, Y.encodeStateAsUpdate(writer), seq)
  })
  await waitFor(
    'b, on the other instance, sees the folded edit',
    () => weightOf(b.doc, 'bounce') === 0.07,
  )
})

test('an edit whose signal was lost and that was compacted away before the fallback read still arrives', async () => {
  const [, two] = await twoInstances()
  const b = connectClient(two.syncUrl, DEMO_ID, two.tokens.analyst2)
  clients.push(b)
  await b.synced()
  // Another instance commits an edit and folds it into the state, and its signal never arrives:
  // the database is left as such a write and compaction leave it, with no NOTIFY sent. The next
  // read past b's seq finds no row; only the counter and the watermark say something was missed.
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(b.doc))
  setWeight(writer, 'bounce', 0.09)
  const sql = (two.store as PostgresStore).sql
  await sql.begin(async (tx) => {
    const [row] = await tx<{ last_seq: number }[]>`
      UPDATE docs SET last_seq = last_seq + 1 WHERE id = ${DEMO_ID} RETURNING last_seq`
    await tx`
      UPDATE docs SET state = ${Buffer.from(Y.encodeStateAsUpdate(writer))}, state_seq = ${row!.last_seq}
      WHERE id = ${DEMO_ID}`
    await tx`DELETE FROM updates WHERE doc_id = ${DEMO_ID} AND seq <= ${row!.last_seq}`
  })
  await waitFor(
    'b, on the other instance, sees the edit its fallback read found folded',
    () => weightOf(b.doc, 'bounce') === 0.09,
  )
})

/** The one update `change` makes to `doc`. */
function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = []
  const collect = (update: Uint8Array) => updates.push(update)
  doc.on('update', collect)
  change()
  doc.off('update', collect)
  return Y.mergeUpdates(updates)
}

test('approvals racing on two instances: one 200, one 409; the other instance streams and serves it', async () => {
  const [one, two] = await twoInstances()
  const events = await openEventStream(`${two.url}/api/events?token=${two.tokenOf('viewer')}`)
  try {
    const snapshotId = await takeSnapshot(one, DEMO_ID)
    const first = await requestPromotion(one, 'releaseManager', DEMO_ID, snapshotId)
    const second = await requestPromotion(two, 'releaseManager', DEMO_ID, snapshotId)
    const answers = await Promise.all([
      approve(one, 'releaseManager2', first.body.id),
      approve(two, 'releaseManager2', second.body.id),
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    await waitFor('the promotion streamed on the other instance', () =>
      events.messages.some((m) => m.event === 'production.promoted'),
    )
    const production = await call(two, 'GET', `/api/production/${DEMO_ID}`, {
      token: two.tokenOf('viewer'),
    })
    expect(production.body).toMatchObject({ version: 1 })

    await promote(one, DEMO_ID, snapshotId)
    const rolledBack = await call(one, 'POST', `/api/production/${DEMO_ID}/rollback`, {
      token: one.tokenOf('releaseManager'),
      body: { toVersion: 1 },
    })
    expect(rolledBack.status).toBe(200)
    const served = await call(two, 'POST', `/api/score/${DEMO_ID}`, {
      token: two.tokenOf('viewer'),
      body: { leads: [{ employees: 250 }] },
    })
    expect(served.body).toMatchObject({ version: 3 })
    const verify = await call(two, 'GET', '/api/audit/verify', { token: two.tokenOf('viewer') })
    expect(verify.body).toMatchObject({ ok: true })
    // The stream on instance two has every workflow event of both instances, in audit order.
    const audit = await call(two, 'GET', '/api/audit?limit=1000', { token: two.tokenOf('viewer') })
    const expected = (audit.body.entries as { seq: number; action: string }[])
      .filter((e) => (WORKFLOW_EVENT_TYPES as readonly string[]).includes(e.action))
      .map((e) => String(e.seq))
    await waitFor('every event streamed', () => events.messages.length >= expected.length)
    expect(events.messages.map((m) => m.id)).toEqual(expected)
  } finally {
    events.close()
  }
})

test('a LISTEN connection killed by the database loses nothing: it comes back and the log fills the gap', async () => {
  const [one, two] = await twoInstances()
  const a = connectClient(one.syncUrl, DEMO_ID, one.tokens.analyst)
  const b = connectClient(two.syncUrl, DEMO_ID, two.tokens.analyst2)
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  const admin = (two.store as PostgresStore).sql
  const killed = await admin<{ killed: boolean }[]>`
    SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
    WHERE datname = current_database() AND query ILIKE 'listen%' AND pid <> pg_backend_pid()`
  expect(killed.length).toBeGreaterThanOrEqual(2)
  for (let i = 1; i <= 10; i++) setWeight(a.doc, 'bounce', i / 100)
  await waitFor('b has every edit', () => weightOf(b.doc, 'bounce') === 0.1)
  const metrics = async () =>
    (await call(two, 'GET', '/metrics', { token: two.tokenOf('viewer') })).body as string
  await waitFor('the listen connection came back', async () =>
    /^store_listen_reconnects [1-9]/m.test(await metrics()),
  )
  const health = await call(two, 'GET', '/healthz')
  expect(health.body).toMatchObject({ status: 'ok', store: { kind: 'postgres', ok: true } })
})

test('presence crosses instances, stamped with the token’s identity, and leaves with its client', async () => {
  const [one, two] = await twoInstances()
  const a = connectClient(one.syncUrl, DEMO_ID, one.tokens.analyst)
  const b = connectClient(two.syncUrl, DEMO_ID, two.tokens.analyst2)
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  a.provider.awareness.setLocalStateField('cursor', 'factor:bounce')
  const seenByB = () => b.provider.awareness.getStates().get(a.doc.clientID)
  await waitFor('b sees a’s presence', () => seenByB()?.cursor === 'factor:bounce')
  expect(seenByB()?.user).toMatchObject({ id: 'ana', name: 'Ana Analyst' })
  a.provider.disconnect()
  await waitFor('a’s presence leaves b', () => seenByB() === undefined)
})
