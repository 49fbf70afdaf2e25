import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { request } from './support/http-client.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { startTestServer, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const ROOM = DEMO_MODEL.id
let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.dispose()
})

/** A stock client that counts every close of its socket (the server's or the network's). */
function watchedClient(token: string): SyncClient & { closes: number[] } {
  const c = Object.assign(connectClient(server.syncUrl, ROOM, token), { closes: [] as number[] })
  c.provider.on('connection-close', (event) => c.closes.push(event?.code ?? 0))
  clients.push(c)
  return c
}

describe('one connection’s input never disturbs the others in its room', () => {
  test('values JSON lacks (BigInt, binary, undefined, nested types) are stored, relayed and described in the change feed', async () => {
    server = await startTestServer()
    const author = watchedClient(server.tokens.analyst)
    const analyst = watchedClient(server.tokens.analyst2)
    const viewer = watchedClient(server.tokens.viewer)
    await Promise.all([author, analyst, viewer].map((c) => c.synced()))

    // What a hostile peer can write into the model's roots with the stock client.
    const meta = author.doc.getMap('meta')
    author.doc.transact(() => {
      meta.set('poison', 10n)
      meta.set('bytes', new Uint8Array([1, 2, 3]))
      meta.set('nothing', undefined)
      const nested = new Y.Map<unknown>()
      nested.set('deep', -(2n ** 40n))
      meta.set('nested', nested)
    })
    await waitFor('the BigInt at both bystanders', () =>
      [analyst, viewer].every((c) => c.doc.getMap('meta').get('poison') === 10n),
    )
    analyst.doc.getMap('meta').set('later', 1)
    await waitFor('a later edit at the author', () => author.doc.getMap('meta').get('later') === 1)

    const feed = await request(server.url, `/api/models/${ROOM}/changes?limit=1000`, {
      token: server.tokens.viewer,
    })
    expect(feed.status).toBe(200)
    const entry = (field: string) =>
      feed.body.changes.find((c: { field: string }) => c.field === field)?.to
    expect(entry('poison')).toEqual({ $bigint: '10' })
    expect(entry('bytes')).toEqual({ $binary: 3 })
    expect(entry('nested')).toEqual({ deep: { $bigint: (-(2n ** 40n)).toString() } })
    expect(author.closes).toEqual([])
    expect(analyst.closes).toEqual([])
    expect(viewer.closes).toEqual([])
  })
})
