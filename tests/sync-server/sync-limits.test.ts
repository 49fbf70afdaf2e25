import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { openRawSocket, type RawSocket } from './support/raw-socket.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { startTestServer, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const ROOM = DEMO_MODEL.id
let server: TestServer
const clients: SyncClient[] = []
const sockets: RawSocket[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of sockets.splice(0)) s.ws.terminate()
  await server?.dispose()
})

function watchedClient(token: string): SyncClient & { closes: number[] } {
  const c = Object.assign(connectClient(server.syncUrl, ROOM, token), { closes: [] as number[] })
  c.provider.on('connection-close', (event) => c.closes.push(event?.code ?? 0))
  clients.push(c)
  return c
}

async function storedText(): Promise<string> {
  const stored = (await server.store.docs.load(ROOM))!
  const doc = new Y.Doc()
  if (stored.state) Y.applyUpdate(doc, stored.state)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc.getText('notes').toString()
}

describe('sync limits', () => {
  test('an update that would take the doc past MAX_DOC_BYTES closes its sender with 4413; nothing of it is stored', async () => {
    server = await startTestServer({ sync: { maxDocBytes: 256 * 1024 } })
    const writer = watchedClient(server.tokens.analyst)
    const bystander = watchedClient(server.tokens.analyst2)
    await Promise.all([writer.synced(), bystander.synced()])

    const chunk = 'a'.repeat(100 * 1024)
    writer.doc.getText('notes').insert(0, chunk)
    await waitFor(
      'the first chunk stored',
      async () => (await storedText()).length === chunk.length,
    )
    writer.doc.getText('notes').insert(0, 'b'.repeat(200 * 1024))
    await waitFor('the writer closed', () => writer.closes.length > 0)
    expect(writer.closes).toEqual([4413])

    // The bystander keeps editing, and never got the refused bytes.
    bystander.doc.getText('notes').insert(0, 'ok ')
    await waitFor('the bystander’s edit stored', async () => (await storedText()) === 'ok ' + chunk)
    expect(bystander.doc.getText('notes').toString()).toBe('ok ' + chunk)
    expect(bystander.closes).toEqual([])
  })

  test('a doc near the limit is measured, not guessed: deletions free room for new text', async () => {
    server = await startTestServer({ sync: { maxDocBytes: 256 * 1024 } })
    const writer = watchedClient(server.tokens.analyst)
    await writer.synced()
    const text = writer.doc.getText('notes')
    // Each round writes 100 KiB and deletes it: the update log grows past the limit, the doc does not.
    for (let round = 0; round < 4; round++) {
      text.insert(0, String(round).repeat(100 * 1024))
      await waitFor(`round ${round} stored`, async () => (await storedText()).length === 100 * 1024)
      text.delete(0, text.length)
      await waitFor(`round ${round} deleted`, async () => (await storedText()) === '')
    }
    expect(writer.closes).toEqual([])
  })

  test('one user holds at most MAX_CONNECTIONS_PER_USER sockets; one more is closed with 4429', async () => {
    server = await startTestServer({ sync: { maxConnectionsPerUser: 3 } })
    const url = (token: string, room = ROOM) => `${server.syncUrl}/${room}?token=${token}`
    const open = async (target: string) => {
      const socket = openRawSocket(target)
      sockets.push(socket)
      await socket.opened
      return socket
    }
    const held = [
      await open(url(server.tokens.analyst)),
      await open(url(server.tokens.analyst, 'other-doc')),
      await open(url(server.tokens.analyst)),
    ]
    const extra = await open(url(server.tokens.analyst, 'third-doc'))
    expect(await extra.closed).toEqual({ code: 4429, reason: 'too many connections for this user' })
    expect(server.rooms.peek('third-doc')).toBeUndefined()

    // Another user is not affected, and a socket the user closes frees a place.
    const other = await open(url(server.tokens.analyst2))
    held[0]!.ws.close()
    await held[0]!.closed
    await waitFor(
      'the closed socket to leave its room',
      () => server.rooms.peek(ROOM)!.connections.size === 2,
    )
    // A socket that joined its doc is sent the server's sync step 1; a refused one gets nothing.
    const again = await open(url(server.tokens.analyst))
    await waitFor('the new socket to join', () => again.messages.length > 0)
    expect(other.messages.length).toBeGreaterThan(0)
    expect(extra.messages).toEqual([])
  })
})
