import { afterEach, expect, test } from 'vitest'
import { waitFor } from '../support/wait-for.ts'
import { DEMO_ID } from './support/models.ts'
import { openEventStream, type EventStream } from './support/event-stream.ts'
import {
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer
const streams: EventStream[] = []

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close()
  await server?.dispose()
})

test('the workflow streams to signed-in clients as Server-Sent Events, with the token in the query', async () => {
  server = await startPromotionServer()
  const url = `${server.url}/api/events`
  expect((await openEventStream(url)).status).toBe(401)
  expect((await openEventStream(`${url}?token=not-a-token`)).status).toBe(401)

  const live = await openEventStream(`${url}?token=${server.tokenOf('viewer')}`)
  streams.push(live)
  expect(live.status).toBe(200)
  const snapshotId = await takeSnapshot(server, DEMO_ID)
  const production = await promote(server, DEMO_ID, snapshotId)
  const pending = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
  await call(server, 'POST', `/api/promotions/${pending.body.id}/reject`, {
    token: server.tokenOf('releaseManager2'),
    body: { reason: 'later' },
  })
  await call(server, 'POST', `/api/production/${DEMO_ID}/rollback`, {
    token: server.tokenOf('releaseManager'),
    body: { toVersion: 1 },
  }) // 409: nothing earlier than version 1, so no event
  await waitFor('six events', () => live.messages.length >= 6)
  expect(live.messages.map((m) => [m.id, m.event])).toEqual([
    ['1', 'snapshot.taken'],
    ['2', 'promotion.requested'],
    ['3', 'promotion.approved'],
    ['4', 'production.promoted'],
    ['5', 'promotion.requested'],
    ['6', 'promotion.rejected'],
  ])
  // Everyone following the model learns of a new snapshot, with what a list shows of it.
  const snapshot = await call(server, 'GET', `/api/models/${DEMO_ID}/snapshots/${snapshotId}`, {
    token: server.tokenOf('viewer'),
  })
  expect(live.messages[0]!.data).toMatchObject({
    type: 'snapshot.taken',
    modelId: DEMO_ID,
    details: { snapshotId, label: snapshot.body.label, hash: snapshot.body.hash },
  })
  expect(live.messages[3]!.data).toMatchObject({
    type: 'production.promoted',
    seq: 4,
    modelId: DEMO_ID,
    actor: { id: 'remy' },
    details: { version: production.version, snapshotId },
  })

  // A client that reconnects with Last-Event-ID first gets what it missed.
  const resumed = await openEventStream(url, {
    authorization: `Bearer ${server.tokenOf('viewer')}`,
    'last-event-id': '4',
  })
  streams.push(resumed)
  await waitFor('the missed events', () => resumed.messages.length >= 2)
  expect(resumed.messages.map((m) => m.id)).toEqual(['5', '6'])
  const filtered = await openEventStream(
    `${url}?token=${server.tokenOf('viewer')}&modelId=other&after=0`,
  )
  streams.push(filtered)
  await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
  await waitFor('the live stream to see the new request', () => live.messages.length >= 7)
  expect(filtered.messages).toEqual([])
})
