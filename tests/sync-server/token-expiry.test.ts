import { afterEach, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { openEventStream, type EventStream } from './promotion/support/event-stream.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { startTestServer, USERS, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const ROOM = DEMO_MODEL.id
let server: TestServer
const clients: SyncClient[] = []
const streams: EventStream[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of streams.splice(0)) s.close()
  await server?.dispose()
})

async function storedSeq(): Promise<number> {
  return (await server.store.docs.load(ROOM))?.lastSeq ?? 0
}

/** A token that expires within 1-2 s (JWT `exp` is in whole seconds). */
function shortToken(): Promise<string> {
  return server.mintToken(USERS.analyst, 2)
}

test('an open socket is closed with 4401 when its token expires; nothing it sends later is stored', async () => {
  server = await startTestServer()
  const token = await shortToken()
  const expiring = connectClient(server.syncUrl, ROOM, token)
  const watcher = connectClient(server.syncUrl, ROOM, server.tokens.analyst2)
  clients.push(expiring, watcher)
  const closes: number[] = []
  expiring.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
  await Promise.all([expiring.synced(), watcher.synced()])
  const storedBefore = await storedSeq()

  await waitFor('the expired socket closed', () => closes.length > 0)
  expect(closes).toEqual([4401])
  // 4401 is final for the stock client: it keeps its edits and does not reconnect with the token.
  expiring.doc.getMap('notes').set('late', 1)
  watcher.doc.getMap('notes').set('alive', 1)
  await waitFor('the live client’s edit stored', async () => (await storedSeq()) > storedBefore)
  expect(await storedSeq()).toBe(storedBefore + 1)
  expect(expiring.provider.wsconnected).toBe(false)
  expect(watcher.provider.wsconnected).toBe(true)
})

test('an event stream ends when its token expires', async () => {
  server = await startTestServer()
  const stream = await openEventStream(`${server.url}/api/events?token=${await shortToken()}`)
  const lasting = await openEventStream(`${server.url}/api/events?token=${server.tokens.viewer}`)
  streams.push(stream, lasting)
  expect(stream.status).toBe(200)
  await waitFor('the stream ended', () => stream.ended)
  expect(lasting.ended).toBe(false)
})
