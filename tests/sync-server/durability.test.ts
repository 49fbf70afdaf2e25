import { rmSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { readModel, setWeight } from '../../shared/model-doc.ts'
import { request } from './support/http-client.ts'
import { connectClient, sameContent, type SyncClient } from './support/sync-client.ts'
import { makeDataDir, startTestServer, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const ROOM = DEMO_MODEL.id
const clients: SyncClient[] = []
const servers: TestServer[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.dispose()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function start(dataDir: string, compactAfter = 500): Promise<TestServer> {
  const server = await startTestServer({ dataDir, compactAfter })
  servers.push(server)
  return server
}

function client(server: TestServer, token = server.tokens.analyst): SyncClient {
  const c = connectClient(server.syncUrl, ROOM, token)
  clients.push(c)
  return c
}

/** A doc rebuilt from exactly what the store holds: the compacted state, then the updates after it. */
async function storedDoc(server: TestServer): Promise<Y.Doc> {
  const stored = (await server.store.docs.load(ROOM))!
  const doc = new Y.Doc()
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

describe('durability', () => {
  test('compaction folds the update log without changing the doc, in the background and on unload', async () => {
    const dataDir = makeDataDir()
    dirs.push(dataDir)
    const server = await start(dataDir, 20)
    const a = client(server)
    await a.synced()
    // Seeding the demo model stored it and folded it on unload: a state is there already.
    const seeded = (await server.store.docs.load(ROOM))!.stateSeq
    for (let i = 1; i <= 60; i++) setWeight(a.doc, DEMO_MODEL.factors[i % 7]!.id, i / 1000)

    await waitFor(
      'all edits stored',
      async () => (await server.store.docs.load(ROOM))!.lastSeq >= seeded + 60,
    )
    // A compaction may fold the log while edits are still arriving; the next one folds the rest.
    await waitFor('background compactions keeping at most 21 updates past the state', async () => {
      const stored = (await server.store.docs.load(ROOM))!
      return stored.stateSeq > seeded && stored.updates.length <= 21
    })
    expect(sameContent(await storedDoc(server), a.doc)).toBe(true)

    a.destroy()
    await waitFor('the doc to leave memory', () => server.rooms.peek(ROOM) === undefined)
    const unloaded = (await server.store.docs.load(ROOM))!
    expect([unloaded.updates.length, unloaded.stateSeq]).toEqual([0, unloaded.lastSeq])

    const b = client(server)
    await b.synced()
    expect(readModel(b.doc)).toEqual(readModel(a.doc))
    expect(sameContent(await storedDoc(server), b.doc)).toBe(true)
  })

  test('edits, snapshots and the change feed survive compaction and a restart', async () => {
    const dataDir = makeDataDir()
    dirs.push(dataDir)
    const first = await start(dataDir, 5)
    const a = client(first)
    await a.synced()
    for (let i = 1; i <= 12; i++) setWeight(a.doc, 'bounce', i / 100)
    await waitFor('edits stored', async () => (await first.store.docs.load(ROOM))!.lastSeq >= 13)
    const snapshot = await request(first.url, `/api/models/${ROOM}/snapshots`, {
      token: first.tokens.analyst,
      body: { label: 'keep' },
    })
    const feedBefore = await request(first.url, `/api/models/${ROOM}/changes?limit=1000`, {
      token: first.tokens.viewer,
    })
    const weights = feedBefore.body.changes.filter((e: { field: string }) => e.field === 'weight')
    expect(weights.map((e: { to: number }) => e.to)).toEqual(
      Array.from({ length: 12 }, (_, i) => (i + 1) / 100),
    )
    const contentBefore = Y.encodeStateAsUpdate(a.doc)
    a.destroy()
    clients.splice(0)
    await first.dispose()
    servers.splice(0)

    const second = await start(dataDir)
    const feedAfter = await request(second.url, `/api/models/${ROOM}/changes?limit=1000`, {
      token: second.tokens.viewer,
    })
    expect(feedAfter.body).toEqual(feedBefore.body)
    const kept = await request(second.url, `/api/models/${ROOM}/snapshots/${snapshot.body.id}`, {
      token: second.tokens.viewer,
    })
    expect(kept.body).toEqual(snapshot.body)
    const b = client(second, second.tokens.viewer)
    await b.synced()
    const expected = new Y.Doc()
    Y.applyUpdate(expected, contentBefore)
    expect(sameContent(b.doc, expected)).toBe(true)
    expect(readModel(b.doc).model?.factors.find((f) => f.id === 'bounce')?.weight).toBe(0.12)
    // The demo model is created on the first start of a data directory only.
    expect((await second.store.docs.load(ROOM))!.lastSeq).toBe(13)
  })

  test('docs leave memory when their last client leaves', async () => {
    const dataDir = makeDataDir()
    dirs.push(dataDir)
    const server = await start(dataDir)
    const a = client(server)
    const b = client(server)
    await Promise.all([a.synced(), b.synced()])
    expect(server.rooms.size).toBe(1)
    a.destroy()
    await waitFor('a’s connection closed', async () => {
      const metrics = await request(server.url, '/metrics', { token: server.tokens.viewer })
      return /^sync_connections 1$/m.test(metrics.body)
    })
    expect(server.rooms.size).toBe(1)
    b.destroy()
    await waitFor('the room unloaded', () => server.rooms.size === 0)
  })
})
