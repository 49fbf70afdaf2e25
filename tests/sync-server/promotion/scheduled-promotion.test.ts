import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { Model } from '../../../shared/model-schema.ts'
import { PromotionRecordSchema } from '../../../shared/promotion-api-schemas.ts'
import { hashModel } from '../../../sync-server/models/hash-model.ts'
import { DATABASE_FILE } from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { waitFor } from '../support/wait-for.ts'
import { openEventStream, type EventStream } from './support/event-stream.ts'
import { DEMO_ID, SMALL_MODEL } from './support/models.ts'
import {
  call,
  importAndSnapshot,
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'
import {
  auditOf,
  productionVersion,
  requestScheduled,
  scheduleApproved,
  statusOf,
} from './support/schedule.ts'
import { createTestClock, type TestClock } from './support/test-clock.ts'
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts'

const HOUR = 3_600_000
let server: PromotionServer
let clock: TestClock
let receiver: WebhookReceiver | undefined
const streams: EventStream[] = []

afterEach(async () => {
  for (const s of streams.splice(0)) s.close()
  await server?.dispose()
  await receiver?.close()
  receiver = undefined
})

async function startWithClock(): Promise<PromotionServer> {
  clock = createTestClock()
  // Webhooks to a receiver on loopback need webhookAllowPrivate.
  server = await startPromotionServer({
    workflow: { now: clock.now, webhookAllowPrivate: true, webhookPollMs: 200 },
  })
  return server
}

async function openEvents(): Promise<EventStream> {
  const stream = await openEventStream(`${server.url}/api/events?token=${server.tokenOf('viewer')}`)
  streams.push(stream)
  return stream
}

describe('scheduled promotion', () => {
  test('approved before its time it waits as scheduled, then promotes when due', async () => {
    await startWithClock()
    const events = await openEvents()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const dueAt = clock.now() + 2 * HOUR
    const requested = await requestScheduled(server, 'releaseManager', DEMO_ID, snapshotId, dueAt)
    expect(requested.status).toBe(201)
    expect(requested.body).toMatchObject({
      status: 'pending',
      scheduledFor: new Date(dueAt).toISOString(),
    })

    const approved = await call(server, 'POST', `/api/promotions/${requested.body.id}/approve`, {
      token: server.tokenOf('releaseManager2'),
    })
    expect(approved.status).toBe(202)
    expect(PromotionRecordSchema.parse(approved.body)).toMatchObject({
      status: 'scheduled',
      decidedBy: { id: 'remy' },
    })
    expect(await productionVersion(server, DEMO_ID)).toBe(0)
    await waitFor('the scheduled event', () =>
      events.messages.some((m) => m.event === 'promotion.scheduled'),
    )

    // Checking before the due time changes nothing.
    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    expect(await statusOf(server, requested.body.id)).toBe('scheduled')

    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    const record = await call(server, 'GET', `/api/promotions/${requested.body.id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(record.body).toMatchObject({
      status: 'promoted',
      version: 1,
      settledAt: new Date(dueAt).toISOString(),
    })
    const production = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(production.body).toMatchObject({
      version: 1,
      snapshotId,
      requestId: requested.body.id,
      promotedBy: { id: 'remy' },
    })
    const promoted = await auditOf(server, DEMO_ID, 'production.promoted')
    expect(promoted).toHaveLength(1)
    expect(promoted[0]).toMatchObject({
      actor: { id: 'system:scheduler' },
      details: { requestId: requested.body.id, version: 1, approvedBy: 'remy' },
    })
    await waitFor('the promoted event', () =>
      events.messages.some((m) => m.event === 'production.promoted'),
    )
    // A second check promotes nothing more.
    await server.checkScheduledPromotions()
    expect(await productionVersion(server, DEMO_ID)).toBe(1)
  })

  test('a scheduledFor that is not in the future is 422 scheduled-in-past; nothing is recorded', async () => {
    await startWithClock()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    for (const dueAt of [clock.now(), clock.now() - 1000]) {
      const answer = await requestScheduled(server, 'releaseManager', DEMO_ID, snapshotId, dueAt)
      expect(answer.status).toBe(422)
      expect(answer.body.code).toBe('scheduled-in-past')
    }
    const bad = await call(server, 'POST', `/api/models/${DEMO_ID}/promotions`, {
      token: server.tokenOf('releaseManager'),
      body: { snapshotId, scheduledFor: 'tomorrow' },
    })
    expect(bad.status).toBe(422)
    expect(bad.body.code).toBe('invalid-request')
    const listed = await call(server, 'GET', '/api/promotions', { token: server.tokenOf('viewer') })
    expect(listed.body.promotions).toEqual([])
    expect(await auditOf(server, DEMO_ID, 'promotion.requested')).toEqual([])
  })

  test('approved after its time it promotes at once, as any approval', async () => {
    await startWithClock()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const dueAt = clock.now() + HOUR
    const requested = await requestScheduled(server, 'releaseManager', DEMO_ID, snapshotId, dueAt)
    clock.advance(2 * HOUR)
    const approved = await call(server, 'POST', `/api/promotions/${requested.body.id}/approve`, {
      token: server.tokenOf('releaseManager2'),
    })
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({ version: 1 })
    expect(await statusOf(server, requested.body.id)).toBe('approved')
  })

  test('production moved before the due time (a rollback): suspended with the reason, audited and streamed', async () => {
    await startWithClock()
    const events = await openEvents()
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID, 'v1'))
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID, 'v2'))
    const dueAt = clock.now() + HOUR
    const id = await scheduleApproved(server, DEMO_ID, await takeSnapshot(server, DEMO_ID), dueAt)
    const rollback = await call(server, 'POST', `/api/production/${DEMO_ID}/rollback`, {
      token: server.tokenOf('releaseManager'),
      body: { toVersion: 1 },
    })
    expect(rollback.status).toBe(200)
    const waiting = await call(server, 'GET', `/api/promotions/${id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(waiting.body).toMatchObject({ status: 'scheduled', stale: true })

    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    const record = await call(server, 'GET', `/api/promotions/${id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(record.body).toMatchObject({
      status: 'suspended',
      reason: 'production-moved',
      version: null,
      settledBy: { id: 'system:scheduler' },
    })
    expect(await productionVersion(server, DEMO_ID)).toBe(3)
    const suspended = await auditOf(server, DEMO_ID, 'promotion.suspended')
    expect(suspended).toHaveLength(1)
    expect(suspended[0]!.details).toMatchObject({
      requestId: id,
      reason: 'production-moved',
      basedOnVersion: 2,
      currentVersion: 3,
    })
    await waitFor('the suspended event', () =>
      events.messages.some(
        (m) => m.event === 'promotion.suspended' && m.data.details.requestId === id,
      ),
    )
  })

  test('production moved by another promotion meanwhile: suspended, and the other one stays', async () => {
    await startWithClock()
    const dueAt = clock.now() + HOUR
    const id = await scheduleApproved(server, DEMO_ID, await takeSnapshot(server, DEMO_ID), dueAt)
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID, 'hotfix'))
    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    expect(await statusOf(server, id)).toBe('suspended')
    expect(await productionVersion(server, DEMO_ID)).toBe(1)
  })

  test('the other release manager cancels a scheduled request; it never promotes', async () => {
    await startWithClock()
    const dueAt = clock.now() + HOUR
    const id = await scheduleApproved(server, DEMO_ID, await takeSnapshot(server, DEMO_ID), dueAt)
    const cancel = (who: 'releaseManager' | 'releaseManager2' | 'analyst') =>
      call(server, 'POST', `/api/promotions/${id}/cancel`, { token: server.tokenOf(who) })
    expect((await cancel('analyst')).status).toBe(403)
    const cancelled = await cancel('releaseManager2')
    expect(cancelled.status).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', settledBy: { id: 'remy' } })
    const again = await cancel('releaseManager')
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('request-not-cancellable')

    clock.advance(2 * HOUR)
    await server.checkScheduledPromotions()
    expect(await statusOf(server, id)).toBe('cancelled')
    expect(await productionVersion(server, DEMO_ID)).toBe(0)
    const audit = await auditOf(server, DEMO_ID, 'promotion.cancelled', 'production.promoted')
    expect(audit.map((e) => [e.action, e.actor.id])).toEqual([['promotion.cancelled', 'remy']])
  })

  test('the requester cancels a scheduled request still pending; an unscheduled one is not cancellable', async () => {
    await startWithClock()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const scheduled = await requestScheduled(
      server,
      'releaseManager',
      DEMO_ID,
      snapshotId,
      clock.now() + HOUR,
    )
    const cancelled = await call(server, 'POST', `/api/promotions/${scheduled.body.id}/cancel`, {
      token: server.tokenOf('releaseManager'),
    })
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    const approveCancelled = await call(
      server,
      'POST',
      `/api/promotions/${scheduled.body.id}/approve`,
      { token: server.tokenOf('releaseManager2') },
    )
    expect(approveCancelled.status).toBe(409)

    const plain = await call(server, 'POST', `/api/models/${DEMO_ID}/promotions`, {
      token: server.tokenOf('releaseManager'),
      body: { snapshotId },
    })
    const refused = await call(server, 'POST', `/api/promotions/${plain.body.id}/cancel`, {
      token: server.tokenOf('releaseManager2'),
    })
    expect(refused.status).toBe(409)
    expect(refused.body.code).toBe('request-not-cancellable')
    expect(await statusOf(server, plain.body.id)).toBe('pending')
    const missing = await call(server, 'POST', '/api/promotions/nope/cancel', {
      token: server.tokenOf('releaseManager2'),
    })
    expect(missing.status).toBe(404)
  })

  test('a snapshot whose model tests fail at the due time is suspended for its findings', async () => {
    await startWithClock()
    const golden = {
      id: 'big-demo',
      asOf: '2026-03-01T00:00:00Z',
      lead: { employees: 1000, demo_requested: true },
      expect: { tier: 'hot' },
    }
    const model: Model = { ...SMALL_MODEL, tests: [golden] }
    const snapshotId = await importAndSnapshot(server, model)
    const id = await scheduleApproved(server, model.id, snapshotId, clock.now() + HOUR)

    // The stored content changes behind the server's back, hash and all, to a model whose test
    // fails: only validating the content again at the due time can catch it.
    const failing: Model = { ...model, tests: [{ ...golden, expect: { tier: 'cold' } }] }
    const hash = hashModel(failing)
    const db = new Database(join(server.dataDir, DATABASE_FILE))
    db.exec(`DROP TRIGGER snapshots_immutable_update; DROP TRIGGER promotion_requests_decide_once`)
    db.prepare('UPDATE snapshots SET model_json = ?, hash = ? WHERE id = ?').run(
      JSON.stringify(failing),
      hash,
      snapshotId,
    )
    db.prepare('UPDATE promotion_requests SET hash = ? WHERE id = ?').run(hash, id)
    db.close()

    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    const record = await call(server, 'GET', `/api/promotions/${id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(record.body).toMatchObject({ status: 'suspended', reason: 'findings' })
    expect(await productionVersion(server, model.id)).toBe(0)
    const [suspended] = await auditOf(server, model.id, 'promotion.suspended')
    expect(suspended?.details.findings).toEqual([
      expect.objectContaining({ code: 'test-failed', severity: 'error' }),
    ])
  })

  test('a snapshot whose content no longer matches its hash is suspended (hash-mismatch)', async () => {
    await startWithClock()
    const snapshotId = await importAndSnapshot(server, SMALL_MODEL)
    const id = await scheduleApproved(server, SMALL_MODEL.id, snapshotId, clock.now() + HOUR)
    const db = new Database(join(server.dataDir, DATABASE_FILE))
    db.exec('DROP TRIGGER snapshots_immutable_update')
    db.prepare('UPDATE snapshots SET model_json = ? WHERE id = ?').run(
      JSON.stringify({ ...SMALL_MODEL, name: 'changed' }),
      snapshotId,
    )
    db.close()
    clock.advance(HOUR)
    await server.checkScheduledPromotions()
    expect(await statusOf(server, id)).toBe('suspended')
    const [suspended] = await auditOf(server, SMALL_MODEL.id, 'promotion.suspended')
    expect(suspended?.details.reason).toBe('hash-mismatch')
  })
})

test('webhooks hear of scheduling, cancelling, the promotion when due and a suspension', async () => {
  await startWithClock()
  receiver = await startWebhookReceiver(() => 204)
  const events = ['promotion.scheduled', 'promotion.cancelled', 'promotion.suspended']
  const hooked = await call(server, 'POST', '/api/webhooks', {
    token: server.tokenOf('releaseManager'),
    body: { url: receiver.url, events: [...events, 'production.promoted'], secret: 'x'.repeat(24) },
  })
  expect(hooked.status).toBe(201)
  const dueAt = clock.now() + HOUR
  const cancelled = await scheduleApproved(
    server,
    DEMO_ID,
    await takeSnapshot(server, DEMO_ID),
    dueAt,
  )
  await call(server, 'POST', `/api/promotions/${cancelled}/cancel`, {
    token: server.tokenOf('releaseManager'),
  })
  const first = await scheduleApproved(server, DEMO_ID, await takeSnapshot(server, DEMO_ID), dueAt)
  const second = await scheduleApproved(
    server,
    DEMO_ID,
    await takeSnapshot(server, DEMO_ID),
    dueAt + 1,
  )
  clock.advance(HOUR + 1)
  await server.checkScheduledPromotions()
  const heard = () =>
    receiver!.received.map((r) => {
      const body = JSON.parse(r.body) as { type: string; details: { requestId: string } }
      return `${body.type} ${body.details.requestId}`
    })
  await waitFor('six deliveries', () => receiver!.received.length >= 6)
  expect(heard().sort()).toEqual(
    [
      `promotion.scheduled ${cancelled}`,
      `promotion.cancelled ${cancelled}`,
      `promotion.scheduled ${first}`,
      `promotion.scheduled ${second}`,
      `production.promoted ${first}`,
      `promotion.suspended ${second}`,
    ].sort(),
  )
})

describe('scheduled promotion in real time', () => {
  test('the running server promotes at the due time by itself', async () => {
    server = await startPromotionServer()
    const dueAt = Date.now() + 1500
    const id = await scheduleApproved(server, DEMO_ID, await takeSnapshot(server, DEMO_ID), dueAt)
    await waitFor(
      'the promotion at its due time',
      async () => (await statusOf(server, id)) === 'promoted',
    )
    expect(Date.now()).toBeGreaterThanOrEqual(dueAt)
    expect(await productionVersion(server, DEMO_ID)).toBe(1)
  })

  test('due while the server is down: promoted once it starts again', async () => {
    const first = await startPromotionServer()
    const dataDir = first.dataDir
    const dueAt = Date.now() + 1500
    let id: string
    try {
      id = await scheduleApproved(first, DEMO_ID, await takeSnapshot(first, DEMO_ID), dueAt)
    } finally {
      await first.close()
    }
    await waitFor('the due time to pass while the server is down', () => Date.now() > dueAt)
    server = await startPromotionServer({ dataDir })
    const cleanup = server.dispose
    // The first server's directory: remove it with the second one.
    server.dispose = async () => {
      await cleanup()
      await first.dispose()
    }
    await waitFor('the promotion at start', async () => (await statusOf(server, id)) === 'promoted')
    expect(await productionVersion(server, DEMO_ID)).toBe(1)
    expect(await auditOf(server, DEMO_ID, 'production.promoted')).toHaveLength(1)
  })
})
