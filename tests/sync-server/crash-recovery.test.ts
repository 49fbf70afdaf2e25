import { rmSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { setFactorField, setWeight } from '../../shared/model-doc.ts'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import { spawnServer, freePort, type ServerProcess } from './support/server-process.ts'
import { connectClient, sameContent, type SyncClient } from './support/sync-client.ts'
import { makeDataDir, TEST_SECRET, USERS } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const SEED = Number(process.env.SYNC_TEST_SEED ?? 7)
const ROOM = DEMO_MODEL.id
const FACTOR_IDS = DEMO_MODEL.factors.map((f) => f.id)

const processes: ServerProcess[] = []
const clients: SyncClient[] = []
const dirs: string[] = []

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  for (const p of processes.splice(0)) p.child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** True when `doc` already holds every struct and deletion of `update` (applying it changes nothing). */
function holds(doc: Y.Doc, update: Uint8Array): boolean {
  const probe = new Y.Doc()
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc))
  let changed = false
  probe.on('update', () => (changed = true))
  Y.applyUpdate(probe, update)
  return !changed && probe.store.pendingStructs === null && probe.store.pendingDs === null
}

test('a server killed with SIGKILL mid-storm keeps every update it broadcast; clients converge after restart', async () => {
  const dataDir = makeDataDir()
  dirs.push(dataDir)
  const port = await freePort()
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SCORING_SECRET: TEST_SECRET,
  }
  const syncUrl = `ws://127.0.0.1:${port}/sync`
  const auth = createAuth(new TextEncoder().encode(TEST_SECRET))
  const first = await spawnServer(env)
  processes.push(first)

  const editors = await Promise.all(
    [USERS.analyst, USERS.analyst2, USERS.releaseManager].map(async (user) =>
      connectClient(syncUrl, ROOM, await auth.mintToken(user, 600)),
    ),
  )
  clients.push(...editors)
  await Promise.all(editors.map((c) => c.synced()))

  const random = seededRandom(SEED)
  const timers = editors.map((c, i) =>
    setInterval(() => {
      const factorId = FACTOR_IDS[Math.floor(random() * FACTOR_IDS.length)]!
      if (random() < 0.7) setWeight(c.doc, factorId, Math.round(random() * 1000) / 1000)
      else setFactorField(c.doc, factorId, 'label', `label ${i}-${Math.floor(random() * 1e6)}`)
    }, 1),
  )
  const receivedTotal = () => editors.reduce((n, c) => n + c.received.length, 0)
  try {
    await waitFor('a storm of relayed edits', () => receivedTotal() >= 300, 20_000)
    first.child.kill('SIGKILL')
  } finally {
    for (const timer of timers) clearInterval(timer)
  }
  expect((await first.exited).signal).toBe('SIGKILL')
  // Nothing can arrive from a dead server; stop the providers from reconnecting to the next one.
  for (const c of editors) c.provider.disconnect()
  const received = editors.map((c) => [...c.received])

  const second = await spawnServer(env)
  processes.push(second)
  // A viewer observes: it cannot upload anything, so what it sees is what the server kept.
  const observer = connectClient(syncUrl, ROOM, await auth.mintToken(USERS.viewer, 600))
  clients.push(observer)
  await observer.synced()
  received.forEach((updates, i) => {
    const lost = updates.filter((update) => !holds(observer.doc, update)).length
    expect(
      lost,
      `updates client ${i} had received but the restarted server lacks (seed ${SEED})`,
    ).toBe(0)
  })

  for (const c of editors) c.provider.connect()
  await waitFor(
    'every client and the observer to converge',
    () => editors.every((c) => sameContent(c.doc, observer.doc)),
    20_000,
  )
})
