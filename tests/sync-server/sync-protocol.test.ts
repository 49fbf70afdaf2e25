import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { readModel, setFactorField, setWeight } from '../../shared/model-doc.ts'
import { connectClient, sameContent, type SyncClient } from './support/sync-client.ts'
import { openRawSocket, UpgradeRefused } from './support/raw-socket.ts'
import { startTestServer, USERS, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const ROOM = DEMO_MODEL.id
let server: TestServer
const clients: SyncClient[] = []

async function setup(): Promise<TestServer> {
  server = await startTestServer()
  return server
}

function client(token: string, room = ROOM, options: { connect?: boolean } = {}): SyncClient {
  const c = connectClient(server.syncUrl, room, token, options)
  clients.push(c)
  return c
}

function weightOf(doc: Y.Doc, factorId: string): number | undefined {
  return readModel(doc).model?.factors.find((f) => f.id === factorId)?.weight
}

async function storedUpdateCount(room: string): Promise<number> {
  const stored = await server.store.docs.load(room)
  return stored === null ? 0 : stored.lastSeq
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.dispose()
})

describe('sync through the stock y-websocket provider', () => {
  test('two clients load the stored doc and converge on each other’s edits', async () => {
    await setup()
    const a = client(server.tokens.analyst)
    const b = client(server.tokens.analyst2)
    await Promise.all([a.synced(), b.synced()])
    expect(readModel(a.doc).model).toEqual(DEMO_MODEL)

    setWeight(a.doc, 'company-size', 0.25)
    setFactorField(b.doc, 'company-size', 'label', 'Headcount')
    await waitFor('both edits on both clients', () =>
      [a, b].every(
        (c) =>
          weightOf(c.doc, 'company-size') === 0.25 &&
          readModel(c.doc).model?.factors[0]?.label === 'Headcount',
      ),
    )
    expect(sameContent(a.doc, b.doc)).toBe(true)
  })

  test('a client that edited offline syncs on reconnect, in both directions', async () => {
    await setup()
    const a = client(server.tokens.analyst)
    const b = client(server.tokens.analyst2)
    await Promise.all([a.synced(), b.synced()])
    a.provider.disconnect()
    setWeight(a.doc, 'bounce', 0.09)
    setWeight(b.doc, 'web-engagement', 0.11)
    await waitFor(
      'b’s edit stored',
      async () => weightOf(await storedDoc(), 'web-engagement') === 0.11,
    )
    expect(weightOf(b.doc, 'bounce')).toBe(0.05)

    a.provider.connect()
    await waitFor('both clients hold both edits', () =>
      [a, b].every(
        (c) => weightOf(c.doc, 'bounce') === 0.09 && weightOf(c.doc, 'web-engagement') === 0.11,
      ),
    )
    expect(sameContent(a.doc, b.doc)).toBe(true)
  })

  test('no token or a bad token is refused with HTTP 401 before any doc is loaded', async () => {
    await setup()
    const expired = await server.auth.mintToken(USERS.analyst, -10)
    const forged = server.tokens.analyst.slice(0, -4) + 'AAAA'
    for (const query of [
      '',
      '?token=',
      '?token=garbage',
      `?token=${forged}`,
      `?token=${expired}`,
    ]) {
      const socket = openRawSocket(`${server.syncUrl}/never-loaded${query}`)
      const refusal = await socket.opened.then(
        () => null,
        (error: unknown) => error,
      )
      expect(refusal, query).toBeInstanceOf(UpgradeRefused)
      expect((refusal as UpgradeRefused).status).toBe(401)
      expect(JSON.parse((refusal as UpgradeRefused).body).code).toBe('unauthorized')
    }
    for (const path of ['/sync/', '/sync/a/b', '/elsewhere', '/sync/not%20a%20slug']) {
      const socket = openRawSocket(
        `${server.url.replace('http', 'ws')}${path}?token=${server.tokens.analyst}`,
      )
      const refusal = await socket.opened.then(
        () => null,
        (error: unknown) => error,
      )
      expect((refusal as UpgradeRefused).status, path).toBe(404)
    }
    expect(server.rooms.peek('never-loaded')).toBeUndefined()
    expect(await server.store.docs.has('never-loaded')).toBe(false)
  })

  test('a viewer stays connected and receives edits, but its own edits are dropped', async () => {
    await setup()
    const viewer = client(server.tokens.viewer)
    const analyst = client(server.tokens.analyst)
    await Promise.all([viewer.synced(), analyst.synced()])
    const storedBefore = await storedUpdateCount(ROOM)

    setWeight(viewer.doc, 'bounce', 0.5)
    // Messages of one socket are handled in order: once the viewer's presence reaches the
    // analyst, the server has handled (and dropped) the viewer's update sent before it.
    viewer.provider.awareness.setLocalStateField('marker', 1)
    await waitFor('the viewer’s presence at the analyst', () =>
      [...analyst.provider.awareness.getStates().values()].some((s) => s.marker === 1),
    )
    expect(weightOf(analyst.doc, 'bounce')).toBe(0.05)
    expect(await storedUpdateCount(ROOM)).toBe(storedBefore)
    expect(weightOf(server.rooms.peek(ROOM)!.doc, 'bounce')).toBe(0.05)

    setWeight(analyst.doc, 'company-size', 0.3)
    await waitFor(
      'the analyst’s edit at the viewer',
      () => weightOf(viewer.doc, 'company-size') === 0.3,
    )
    expect(viewer.provider.wsconnected).toBe(true)
  })

  test('presence carries the token’s identity, and nobody can set another client’s presence', async () => {
    await setup()
    const ana = client(server.tokens.analyst)
    const observer = client(server.tokens.analyst2)
    await Promise.all([ana.synced(), observer.synced()])
    ana.provider.awareness.setLocalStateField('user', {
      id: 'rita',
      name: 'Rita',
      role: 'release-manager',
    })
    ana.provider.awareness.setLocalStateField('cursor', 'bounce')
    const anaId = ana.doc.clientID
    const stateOfAna = () => observer.provider.awareness.getStates().get(anaId)
    await waitFor('ana’s presence', () => stateOfAna()?.cursor === 'bounce')
    expect(stateOfAna()!.user).toEqual({
      id: 'ana',
      name: 'Ana Analyst',
      role: 'analyst',
      color: expect.stringMatching(/^#[0-9a-f]{6}$/),
    })

    // Mallory, a viewer, claims her own clientID first, then tries to overwrite and remove Ana's.
    const mallory = openRawSocket(`${server.syncUrl}/${ROOM}?token=${server.tokens.viewer}`)
    await mallory.opened
    const fake = new awarenessProtocol.Awareness(new Y.Doc())
    const seenFromMallory: Record<string, unknown>[] = []
    observer.provider.awareness.on('change', () => {
      const state = observer.provider.awareness.getStates().get(fake.clientID)
      if (state) seenFromMallory.push(state)
    })
    // An oversized presence is dropped (it claims the clientID all the same).
    fake.setLocalState({ cursor: 'big', blob: 'x'.repeat(10_000) })
    mallory.ws.send(awarenessFrame(fake, fake.clientID))
    fake.setLocalState({ cursor: 'mine' })
    mallory.ws.send(awarenessFrame(fake, fake.clientID))
    const spoof = new Map([
      [anaId, { cursor: 'hijacked', user: { id: 'ana', name: 'Ana Analyst' } }],
    ])
    const meta = fake.meta.get(fake.clientID)!
    fake.meta.set(anaId, { clock: meta.clock + 100, lastUpdated: meta.lastUpdated })
    mallory.ws.send(awarenessFrameOf(awarenessProtocol.encodeAwarenessUpdate(fake, [anaId], spoof)))
    fake.meta.set(anaId, { clock: meta.clock + 101, lastUpdated: meta.lastUpdated })
    mallory.ws.send(
      awarenessFrameOf(awarenessProtocol.encodeAwarenessUpdate(fake, [anaId], new Map())),
    )
    // A later message of Mallory's own proves the server handled the spoofs before it.
    fake.setLocalState({ cursor: 'done' })
    mallory.ws.send(awarenessFrame(fake, fake.clientID))
    await waitFor(
      'mallory’s own presence',
      () => observer.provider.awareness.getStates().get(fake.clientID)?.cursor === 'done',
    )
    expect(observer.provider.awareness.getStates().get(fake.clientID)!.user.id).toBe('vera')
    expect(seenFromMallory.some((state) => 'blob' in state)).toBe(false)
    expect(stateOfAna()?.cursor).toBe('bounce')
    expect(stateOfAna()?.user.id).toBe('ana')

    // Eve's very first announcement is Ana's clientID: it is Ana's, so Eve cannot claim it.
    const eve = openRawSocket(`${server.syncUrl}/${ROOM}?token=${server.tokens.releaseManager}`)
    await eve.opened
    const eveAwareness = new awarenessProtocol.Awareness(new Y.Doc())
    eveAwareness.meta.set(anaId, { clock: meta.clock + 200, lastUpdated: meta.lastUpdated })
    eve.ws.send(
      awarenessFrameOf(awarenessProtocol.encodeAwarenessUpdate(eveAwareness, [anaId], spoof)),
    )
    eveAwareness.setLocalState({ cursor: 'eve' })
    eve.ws.send(awarenessFrame(eveAwareness, eveAwareness.clientID))
    await waitFor(
      'eve’s own presence',
      () => observer.provider.awareness.getStates().get(eveAwareness.clientID)?.cursor === 'eve',
    )
    expect(stateOfAna()?.cursor).toBe('bounce')
    expect(stateOfAna()?.user.id).toBe('ana')
    mallory.ws.close()
    eve.ws.close()
    fake.destroy()
    eveAwareness.destroy()
  })

  test('garbage, invalid updates and oversized frames close only that connection; nothing is stored', async () => {
    await setup()
    const a = client(server.tokens.analyst)
    await a.synced()
    const storedBefore = await storedUpdateCount(ROOM)
    const url = `${server.syncUrl}/${ROOM}?token=${server.tokens.analyst2}`

    const cases: { frame: Uint8Array; code: number }[] = [
      { frame: new Uint8Array([0xff, 0xff, 0xff]), code: 4400 },
      { frame: new Uint8Array([7, 1, 2]), code: 4400 },
      {
        frame: syncFrame(syncProtocol.messageYjsUpdate, new Uint8Array([1, 2, 3, 4, 5])),
        code: 4422,
      },
      {
        frame: syncFrame(syncProtocol.messageYjsSyncStep2, new Uint8Array([0xff, 0xfe, 0xfd])),
        code: 4422,
      },
      { frame: syncFrame(syncProtocol.messageYjsSyncStep1, new Uint8Array([5, 0xff])), code: 4400 },
      { frame: new Uint8Array(1024 * 1024 + 1), code: 1009 },
    ]
    for (const { frame, code } of cases) {
      const socket = openRawSocket(url)
      await socket.opened
      socket.ws.send(frame)
      expect((await socket.closed).code, `frame starting ${frame.slice(0, 3).join(',')}`).toBe(code)
    }
    const text = openRawSocket(url)
    await text.opened
    text.ws.send('hello')
    expect((await text.closed).code).toBe(4400)

    expect(await storedUpdateCount(ROOM)).toBe(storedBefore)
    setWeight(a.doc, 'bounce', 0.04)
    const b = client(server.tokens.analyst2)
    await waitFor(
      'the first client’s edit at a new client',
      () => weightOf(b.doc, 'bounce') === 0.04,
    )
    expect(a.provider.wsconnected).toBe(true)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  test('a new client always gets the doc as it is now, also after earlier clients joined empty', async () => {
    await setup()
    const first = client(server.tokens.analyst)
    await first.synced()
    setWeight(first.doc, 'bounce', 0.02)
    let previous = 0.02
    for (const weight of [0.03, 0.04]) {
      const late = client(server.tokens.analyst2)
      await late.synced()
      const expected = previous
      await waitFor(
        'the latest weight at a client that joined empty',
        () => weightOf(late.doc, 'bounce') === expected,
      )
      setWeight(late.doc, 'bounce', weight)
      await waitFor(
        'the edit back at the first client',
        () => weightOf(first.doc, 'bounce') === weight,
      )
      previous = weight
    }
  })

  test('updates whose dependencies never arrive are bounded: past the limit that sender alone is closed', async () => {
    server = await startTestServer({ maxPendingBytes: 64 * 1024 })
    const a = client(server.tokens.analyst)
    const closesOfA: number[] = []
    a.provider.on('connection-close', (event) => closesOfA.push(event?.code ?? 0))
    await a.synced()
    // Each update continues a client history whose first change the server never gets, so Yjs
    // can only hold it as pending.
    const author = new Y.Doc()
    const text = author.getText('notes')
    text.insert(0, 'never sent')
    const socket = openRawSocket(`${server.syncUrl}/${ROOM}?token=${server.tokens.analyst2}`)
    await socket.opened
    for (let i = 0; i < 40; i++) {
      const before = Y.encodeStateVector(author)
      text.insert(text.length, 'x'.repeat(4096))
      const update = Y.encodeStateAsUpdate(author, before)
      if (socket.ws.readyState !== socket.ws.OPEN) break
      socket.ws.send(syncFrame(syncProtocol.messageYjsUpdate, update))
    }
    expect((await socket.closed).code).toBe(4413)
    // The doc reloaded from SQLite under the first client, which stays connected and keeps editing.
    setWeight(a.doc, 'bounce', 0.03)
    const b = client(server.tokens.analyst2)
    await waitFor('an edit after the reload', () => weightOf(b.doc, 'bounce') === 0.03)
    expect(b.doc.getText('notes').toString()).toBe('')
    expect(server.rooms.peek(ROOM)!.doc.store.pendingStructs).toBeNull()
    expect(closesOfA).toEqual([])
  })

  test('an analyst can create a new model simply by syncing a doc the server has not seen', async () => {
    await setup()
    const offline = new Y.Doc()
    offline.getMap('notes').set('hello', 'world')
    const a = client(server.tokens.analyst, 'brand-new', {})
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(offline))
    await a.synced()
    await waitFor('the new doc stored', () => server.store.docs.has('brand-new'))
    const b = client(server.tokens.viewer, 'brand-new')
    await b.synced()
    expect(b.doc.getMap('notes').get('hello')).toBe('world')
  })
})

async function storedDoc(): Promise<Y.Doc> {
  const stored = (await server.store.docs.load(ROOM))!
  const doc = new Y.Doc()
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

function awarenessFrame(awareness: awarenessProtocol.Awareness, clientId: number): Uint8Array {
  return awarenessFrameOf(awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]))
}

function awarenessFrameOf(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}
