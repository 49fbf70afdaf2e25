import { rmSync } from 'node:fs'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { setFactorField, setWeight } from '../../shared/model-doc.ts'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import { readConfig } from '../../sync-server/read-config.ts'
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts'
import { freePort, spawnServer, type ServerProcess } from './support/server-process.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { makeDataDir, TEST_SECRET, USERS } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const SEED = Number(process.env.SYNC_TEST_SEED ?? 11)
const ROOM = DEMO_MODEL.id
const FACTOR_IDS = DEMO_MODEL.factors.map((f) => f.id)
/** The drain bound the storms run under; the exit is awaited this long plus a margin for a busy machine. */
const SHUTDOWN_TIMEOUT = 5
const EXIT_MARGIN_SECONDS = 5

const auth = createAuth(new TextEncoder().encode(TEST_SECRET))
const processes: ServerProcess[] = []
const clients: SyncClient[] = []
const storms: (() => void)[] = []
const dirs: string[] = []

afterEach(() => {
  for (const stop of storms.splice(0)) stop()
  for (const c of clients.splice(0)) c.destroy()
  for (const p of processes.splice(0)) p.child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

type Exit = Awaited<ServerProcess['exited']>

interface Started {
  server: ServerProcess
  env: Record<string, string>
  syncUrl: string
}

async function start(extraEnv: Record<string, string> = {}): Promise<Started> {
  const dataDir = makeDataDir()
  dirs.push(dataDir)
  const port = await freePort()
  const env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    SCORING_SECRET: TEST_SECRET,
    SHUTDOWN_TIMEOUT: String(SHUTDOWN_TIMEOUT),
    ...extraEnv,
  }
  const server = await spawnServer(env)
  processes.push(server)
  return { server, env, syncUrl: `ws://127.0.0.1:${port}/sync` }
}

/** Stock clients of several users editing weights and labels every millisecond, until stopped. */
async function editStorm(syncUrl: string): Promise<SyncClient[]> {
  const editors = await Promise.all(
    [USERS.analyst, USERS.analyst2, USERS.releaseManager, USERS.analyst].map(async (user) =>
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
  storms.push(() => timers.forEach(clearInterval))
  return editors
}

/**
 * What an attacker throws at the sync endpoint, each over and over on fresh sockets as soon as the
 * last one closed: garbage and text frames, frames over the size limit, updates that do not
 * decode, piles of updates with missing dependencies, sockets with bad tokens, sockets that ask for
 * the whole doc again and again and never read, and a stock client writing BigInts into the doc.
 */
async function hostileStorm(syncUrl: string): Promise<SyncClient> {
  const token = await auth.mintToken({ id: 'mallory', name: 'Mallory', role: 'analyst' }, 600)
  let stopped = false
  const sockets = new Set<WebSocket>()
  const again = (send: (ws: WebSocket) => void, withToken = token) => {
    const open = () => {
      if (stopped) return
      const ws = new WebSocket(`${syncUrl}/${ROOM}?token=${withToken}`)
      sockets.add(ws)
      ws.on('error', () => {})
      ws.on('open', () => send(ws))
      ws.on('close', () => {
        sockets.delete(ws)
        setImmediate(open)
      })
    }
    open()
  }
  const orphans = new Y.Doc()
  const text = orphans.getText('notes')
  text.insert(0, 'never sent')
  again((ws) => ws.send(new Uint8Array([0xff, 0xff, 0xff])))
  again((ws) => ws.send('hello'))
  again((ws) => ws.send(new Uint8Array(1024 * 1024 + 1)))
  again((ws) => ws.send(syncFrame(2, new Uint8Array([1, 2, 3, 4, 5]))))
  again((ws) => {
    for (let i = 0; i < 6; i++) {
      const before = Y.encodeStateVector(orphans)
      text.insert(text.length, 'x'.repeat(900_000))
      ws.send(syncFrame(2, Y.encodeStateAsUpdate(orphans, before)))
      text.delete(0, text.length - 10)
    }
  })
  again((ws) => ws.close(), 'not-a-token')
  for (let i = 0; i < 3; i++) {
    again((ws) => {
      ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
      const ask = setInterval(() => {
        if (ws.readyState !== ws.OPEN) return clearInterval(ask)
        for (let k = 0; k < 20; k++) ws.send(syncFrame(0, new Uint8Array([0])))
      }, 10)
    })
  }
  const poisoner = connectClient(syncUrl, ROOM, token)
  clients.push(poisoner)
  let n = 0
  const poison = setInterval(() => poisoner.doc.getMap('meta').set('poison', BigInt(++n)), 5)
  storms.push(() => {
    stopped = true
    clearInterval(poison)
    for (const ws of sockets) ws.terminate()
  })
  return poisoner
}

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** The exit of `server`; fails the test when it has not exited `seconds` after the signal. */
async function exitWithin(server: ServerProcess, seconds: number): Promise<Exit> {
  let exit: Exit | undefined
  void server.exited.then((result) => (exit = result))
  await waitFor(
    `the server to exit ${seconds} s after SIGTERM`,
    () => exit !== undefined,
    seconds * 1000,
  )
  return exit!
}

/**
 * The content a client integrated from what the server sent it. Yjs also encodes the structs that
 * wait for missing dependencies (the hostile storm's orphans reach every client in sync replies);
 * those were never part of the doc, so they are left out.
 */
function integratedStateOf(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  return Y.encodeStateAsUpdate(doc)
}

/** True when `doc` already holds every struct and deletion of `state` (applying it changes nothing). */
function holds(doc: Y.Doc, state: Uint8Array): boolean {
  const probe = new Y.Doc()
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(doc))
  let changed = false
  probe.on('update', () => (changed = true))
  Y.applyUpdate(probe, state)
  return !changed
}

/**
 * Sends SIGTERM once the clients received `edits` relayed updates, with every storm still going,
 * and expects a clean exit (0, "stopped") within SHUTDOWN_TIMEOUT plus the margin; then restarts
 * on the same data and expects every update any client received from the first run.
 */
async function sigtermMidStorm(started: Started, watched: SyncClient[]): Promise<void> {
  const { server, env, syncUrl } = started
  const receivedTotal = () => watched.reduce((n, c) => n + c.received.length, 0)
  await waitFor('a storm of relayed edits', () => receivedTotal() >= 300, 20_000)
  server.child.kill('SIGTERM')
  const exit = await exitWithin(server, SHUTDOWN_TIMEOUT + EXIT_MARGIN_SECONDS)
  for (const stop of storms.splice(0)) stop()
  const tail = JSON.stringify(server.logs.slice(-10))
  expect(exit, tail).toEqual({ code: 0, signal: null })
  const messages = server.logs.map((entry) => entry.msg)
  expect(messages, tail).toContain('stopped')
  expect(messages).not.toContain(
    'shutdown forced: the drain did not finish within SHUTDOWN_TIMEOUT',
  )
  for (const c of watched) c.provider.disconnect()
  const received = watched.map((c) => [...c.received])

  const again = await spawnServer(env)
  processes.push(again)
  // A viewer cannot upload anything: what it sees is what the server kept.
  const observer = connectClient(syncUrl, ROOM, await auth.mintToken(USERS.viewer, 600))
  clients.push(observer)
  await observer.synced()
  received.forEach((updates, i) => {
    expect(
      holds(observer.doc, integratedStateOf(updates)),
      `the restarted server holds all ${updates.length} updates client ${i} received (seed ${SEED})`,
    ).toBe(true)
  })
}

describe('SIGTERM ends the process within SHUTDOWN_TIMEOUT, losing nothing a client received', () => {
  test(
    'in the middle of an edit storm from several stock clients',
    { timeout: 60_000 },
    async () => {
      const started = await start()
      const editors = await editStorm(started.syncUrl)
      await sigtermMidStorm(started, editors)
    },
  )

  test('in the middle of a hostile storm and an edit storm', { timeout: 60_000 }, async () => {
    const started = await start()
    const editors = await editStorm(started.syncUrl)
    const poisoner = await hostileStorm(started.syncUrl)
    await sigtermMidStorm(started, [...editors, poisoner])
  })

  describe('on PostgreSQL', () => {
    let postgres: PrivatePostgres
    beforeAll(async () => {
      postgres = await startPrivatePostgres()
    })
    afterAll(() => postgres?.stop())

    test('in the middle of an edit storm', { timeout: 60_000 }, async () => {
      const started = await start({ DATABASE_URL: await postgres.createDatabase() })
      const editors = await editStorm(started.syncUrl)
      await sigtermMidStorm(started, editors)
    })

    test(
      'a database that stopped answering cannot hold the exit: it is forced after SHUTDOWN_TIMEOUT',
      { timeout: 60_000 },
      async () => {
        const { server, syncUrl } = await start({
          DATABASE_URL: await postgres.createDatabase(),
          SHUTDOWN_TIMEOUT: '1',
        })
        const editor = connectClient(syncUrl, ROOM, await auth.mintToken(USERS.analyst, 600))
        clients.push(editor)
        await editor.synced()
        const resume = postgres.freeze()
        try {
          // Changes now wait on the database in the room's queue, and so does the drain.
          setWeight(editor.doc, 'bounce', 0.5)
          server.child.kill('SIGTERM')
          const exit = await exitWithin(server, 1 + EXIT_MARGIN_SECONDS)
          expect(exit).toEqual({ code: 1, signal: null })
        } finally {
          resume()
        }
        const messages = server.logs.map((entry) => entry.msg)
        expect(messages).toContain(
          'shutdown forced: the drain did not finish within SHUTDOWN_TIMEOUT',
        )
        expect(messages).not.toContain('stopped')
      },
    )
  })
})

test('SHUTDOWN_TIMEOUT is whole seconds from 1 to 3600, 10 when unset; anything else stops the start', () => {
  const config = (value?: string) =>
    readConfig(value === undefined ? {} : { SHUTDOWN_TIMEOUT: value })
  expect(config()).toMatchObject({ ok: true, config: { shutdownTimeoutSeconds: 10 } })
  expect(config('1')).toMatchObject({ ok: true, config: { shutdownTimeoutSeconds: 1 } })
  expect(config('3600')).toMatchObject({ ok: true, config: { shutdownTimeoutSeconds: 3600 } })
  for (const bad of ['0', '3601', '1.5', '-1', 'soon', ' 5']) {
    expect(config(bad), bad).toMatchObject({ ok: false, exitCode: 2 })
    expect((config(bad) as { reason: string }).reason).toContain('SHUTDOWN_TIMEOUT')
  }
})
