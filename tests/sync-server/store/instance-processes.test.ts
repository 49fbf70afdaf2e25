import { rmSync } from 'node:fs'
import * as Y from 'yjs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { readModel, setWeight } from '../../../shared/model-doc.ts'
import { createAuth } from '../../../sync-server/auth/create-auth.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'
import { freePort, spawnServer, type ServerProcess } from '../support/server-process.ts'
import { connectClient, type SyncClient } from '../support/sync-client.ts'
import { makeDataDir, TEST_SECRET } from '../support/test-server.ts'
import { waitFor } from '../support/wait-for.ts'

let postgres: PrivatePostgres
beforeAll(async () => {
  postgres = await startPrivatePostgres()
})
afterAll(() => postgres?.stop())

const weightOf = (doc: Y.Doc, id: string) =>
  readModel(doc).model?.factors.find((f) => f.id === id)?.weight

/** True when `doc` already holds every update in `updates` (applying them changes nothing). */
function holdsAll(doc: Y.Doc, updates: readonly Uint8Array[]): boolean {
  const probe = new Y.Doc()
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateAsUpdate(probe)
  for (const update of updates) Y.applyUpdate(probe, update)
  const after = Y.encodeStateAsUpdate(probe)
  const same =
    probe.store.pendingStructs === null &&
    probe.store.pendingDs === null &&
    Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0
  probe.destroy()
  return same
}

test('three npm start instances on one database: started at once, converge, and a SIGKILL mid-storm loses nothing a client received', async () => {
  const url = await postgres.createDatabase()
  const ports = await Promise.all([freePort(), freePort(), freePort()])
  const dataDirs = ports.map(() => makeDataDir())
  // Started at once: the migrations and the demo model happen once.
  const servers: ServerProcess[] = await Promise.all(
    ports.map((port, i) =>
      spawnServer({
        PORT: String(port),
        DATA_DIR: dataDirs[i]!,
        DATABASE_URL: url,
        SCORING_SECRET: TEST_SECRET,
      }),
    ),
  )
  const clients: SyncClient[] = []
  try {
    const auth = createAuth(new TextEncoder().encode(TEST_SECRET))
    const token = await auth.mintToken({ id: 'ana', name: 'Ana', role: 'analyst' }, 600)
    const syncUrl = (port: number) => `ws://127.0.0.1:${port}/sync`
    for (const port of ports) clients.push(connectClient(syncUrl(port), DEMO_MODEL.id, token))
    await Promise.all(clients.map((c) => c.synced()))
    expect(readModel(clients[0]!.doc).model?.factors).toHaveLength(DEMO_MODEL.factors.length)

    const [a, b, c] = clients as [SyncClient, SyncClient, SyncClient]
    for (let i = 1; i <= 30; i++) {
      setWeight(a.doc, 'bounce', i / 1000)
      setWeight(b.doc, 'web-engagement', i / 1000)
      setWeight(c.doc, 'company-size', i / 1000)
      if (i === 15) servers[2]!.child.kill('SIGKILL')
      await new Promise((resolve) => setImmediate(resolve))
    }
    await servers[2]!.exited
    await waitFor('a and b converge', () => weightOf(a.doc, 'web-engagement') === 0.03)
    await waitFor('b has a’s last edit', () => weightOf(b.doc, 'bounce') === 0.03)

    const fresh = connectClient(syncUrl(ports[1]!), DEMO_MODEL.id, token)
    clients.push(fresh)
    await fresh.synced()
    // Every update the server sent any client, the killed instance's included, was committed.
    for (const client of [a, b, c]) expect(holdsAll(fresh.doc, client.received)).toBe(true)
  } finally {
    for (const client of clients) client.destroy()
    for (const server of servers) server.child.kill('SIGKILL')
    await Promise.all(servers.map((s) => s.exited))
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
  }
})
