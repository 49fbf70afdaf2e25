import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
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

/** A state vector as a client that has part of the doc would send it. */
function stateVector(entries: [client: number, clock: number][]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const [client, clock] of entries) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
  }
  return encoding.toUint8Array(encoder)
}

function syncStep1Frame(vector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
  encoding.writeVarUint8Array(encoder, vector)
  return encoding.toUint8Array(encoder)
}

/** Writes `bytes` of text into the doc through a stock client, in frames under the 1 MiB limit. */
async function writeLargeDoc(writer: SyncClient, bytes: number): Promise<void> {
  const text = writer.doc.getText('notes')
  for (let written = 0; written < bytes; written += 512 * 1024) {
    text.insert(text.length, 'x'.repeat(512 * 1024))
  }
  const expected = text.length
  await waitFor('the large doc on the server', () => {
    const room = server.rooms.peek(ROOM)
    return room !== undefined && room.doc.getText('notes').length === expected
  })
}

describe('sync step 2 replies for non-empty state vectors', () => {
  test('clients lacking the same part share one reply; distinct large replies are bounded', async () => {
    server = await startTestServer({ sync: { maxDocBytes: 4 * 1024 * 1024 } })
    const writer = connectClient(server.syncUrl, ROOM, server.tokens.analyst)
    clients.push(writer)
    await writer.synced()
    await writeLargeDoc(writer, 1024 * 1024)
    const room = server.rooms.peek(ROOM)!
    const writerId = writer.doc.clientID

    // Vectors naming clients the doc lacks (what 20 hostile viewers would send) all get one buffer.
    const replies = Array.from({ length: 20 }, (_, i) =>
      room.syncStep2For(stateVector([[i + 1, 5]])),
    )
    expect(new Set(replies).size).toBe(1)
    // Vectors that know a part of the doc: the same part, the same buffer.
    const part = stateVector([[writerId, 1000]])
    expect(room.syncStep2For(part)).toBe(
      room.syncStep2For(
        stateVector([
          [writerId, 1000],
          [7, 3],
        ]),
      ),
    )
    // Distinct large replies stay within the doc size budget; past it the shared full reply answers.
    const distinct = new Set(
      Array.from({ length: 20 }, (_, i) => room.syncStep2For(stateVector([[writerId, i + 1]]))),
    )
    const held = [...distinct].reduce((sum, reply) => sum + reply.byteLength, 0)
    expect(held).toBeLessThanOrEqual(4 * 1024 * 1024 + replies[0]!.byteLength)

    // The shared reply is a correct sync step 2: applied to an empty doc it gives the server's content.
    const decoder = decoding.createDecoder(replies[0]!)
    expect(decoding.readVarUint(decoder)).toBe(0)
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep2)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
    expect(doc.getText('notes').toString()).toBe(room.doc.getText('notes').toString())
  })

  test('a socket that does not read is cut once more would be queued for it; readers stay', async () => {
    server = await startTestServer({ maxBufferedBytes: 64 * 1024 })
    const writer = connectClient(server.syncUrl, ROOM, server.tokens.analyst)
    const closes: number[] = []
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    clients.push(writer)
    await writer.synced()
    await writeLargeDoc(writer, 7 * 1024 * 1024)
    const room = server.rooms.peek(ROOM)!

    const slow = openRawSocket(`${server.syncUrl}/${ROOM}?token=${server.tokens.viewer}`)
    sockets.push(slow)
    await slow.opened
    slow.ws.pause()
    slow.ws.send(syncStep1Frame(stateVector([[424242, 1]])))
    await waitFor('the slow reader in the room', () => room.connections.size === 2)
    // More than loopback socket buffers take: part of the reply stays queued on the server.
    writer.doc.getText('notes').insert(0, 'after')
    await waitFor('the slow reader cut', () => room.connections.size === 1)
    expect(closes).toEqual([])
  })
})
