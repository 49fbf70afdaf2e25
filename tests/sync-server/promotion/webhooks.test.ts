import { createHmac } from 'node:crypto'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, test } from 'vitest'
import { WEBHOOK_REPLAY_WINDOW_SECONDS } from '../../../sync-server/webhooks/sign-webhook-body.ts'
import { makeDataDir } from '../support/test-server.ts'
import { waitFor } from '../support/wait-for.ts'
import { DEMO_ID } from './support/models.ts'
import {
  call,
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'
import {
  startWebhookReceiver,
  type Received,
  type WebhookReceiver,
} from './support/webhook-receiver.ts'

const SECRET = 'a-webhook-secret-of-some-length'
// The receivers listen on loopback, which only WEBHOOK_ALLOW_PRIVATE=1 lets webhooks reach.
const FAST_RETRIES = {
  webhookRetryBaseMs: 40,
  webhookMaxRetryDelayMs: 200,
  webhookPollMs: 200,
  webhookAllowPrivate: true,
}

let servers: PromotionServer[] = []
let receiver: WebhookReceiver | undefined
const dataDirs: string[] = []

afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose()
  await receiver?.close()
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Checks a delivery as a receiver should: HMAC over "t.body", and t within the replay window. */
function expectSigned(delivery: Received): void {
  const header = String(delivery.headers['x-scoring-signature'])
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
  expect(match, header).not.toBeNull()
  const [, t, v1] = match!
  const expected = createHmac('sha256', SECRET).update(`${t}.${delivery.body}`).digest('hex')
  expect(v1).toBe(expected)
  expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(WEBHOOK_REPLAY_WINDOW_SECONDS)
  // The timestamp is covered: the same HMAC does not verify under another t.
  const replayed = createHmac('sha256', SECRET)
    .update(`${Number(t) + 600}.${delivery.body}`)
    .digest('hex')
  expect(replayed).not.toBe(v1)
  expect(delivery.headers['content-type']).toBe('application/json')
}

async function subscribe(server: PromotionServer, events: string[]): Promise<string> {
  const created = await call(server, 'POST', '/api/webhooks', {
    token: server.tokenOf('releaseManager'),
    body: { url: receiver!.url, events, secret: SECRET },
  })
  expect(created.status).toBe(201)
  expect(created.body).not.toHaveProperty('secret')
  return created.body.id as string
}

describe('webhooks', () => {
  test('promotion and rollback are POSTed signed; a failing receiver gets retries until it answers 2xx', async () => {
    receiver = await startWebhookReceiver((i) => (i < 2 ? 503 : 204))
    const server = await startPromotionServer({ workflow: FAST_RETRIES })
    servers.push(server)
    const webhookId = await subscribe(server, ['production.promoted', 'production.rolled-back'])
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    await promote(server, DEMO_ID, snapshotId)
    await waitFor('the third attempt', () => receiver!.received.length >= 3)
    const [first, second, third] = receiver.received as [Received, Received, Received]
    expect([first.status, second.status, third.status]).toEqual([503, 503, 204])
    for (const delivery of [first, second, third]) {
      expectSigned(delivery)
      expect(delivery.body).toBe(first.body)
      expect(delivery.headers['x-scoring-delivery']).toBe(first.headers['x-scoring-delivery'])
      expect(delivery.headers['x-scoring-event']).toBe('production.promoted')
    }
    const event = JSON.parse(third.body)
    expect(event).toMatchObject({
      type: 'production.promoted',
      modelId: DEMO_ID,
      actor: { id: 'remy' },
      details: { version: 1, snapshotId },
    })
    await waitFor('the delivery marked delivered', async () => {
      const deliveries = await call(server, 'GET', `/api/webhooks/${webhookId}/deliveries`, {
        token: server.tokenOf('releaseManager'),
      })
      return deliveries.body.deliveries[0]?.status === 'delivered'
    })
    const deliveries = await call(server, 'GET', `/api/webhooks/${webhookId}/deliveries`, {
      token: server.tokenOf('releaseManager'),
    })
    expect(deliveries.body.deliveries).toHaveLength(1)
    expect(deliveries.body.deliveries[0]).toMatchObject({
      attempts: 3,
      lastStatus: 204,
      eventType: 'production.promoted',
    })

    await promote(server, DEMO_ID, snapshotId)
    const rolled = await call(server, 'POST', `/api/production/${DEMO_ID}/rollback`, {
      token: server.tokenOf('releaseManager'),
      body: { toVersion: 1 },
    })
    expect(rolled.status).toBe(200)
    await waitFor('the rollback event', () =>
      receiver!.received.some((r) => r.headers['x-scoring-event'] === 'production.rolled-back'),
    )
    const rollback = receiver.received.find(
      (r) => r.headers['x-scoring-event'] === 'production.rolled-back',
    )!
    expectSigned(rollback)
    expect(JSON.parse(rollback.body).details).toMatchObject({ version: 3, toVersion: 1 })
    // Only the subscribed events were sent: no requests or approvals.
    expect(new Set(receiver.received.map((r) => r.headers['x-scoring-event']))).toEqual(
      new Set(['production.promoted', 'production.rolled-back']),
    )
  })

  test('a restart never drops a notification: pending deliveries resume from the outbox', async () => {
    let up = false
    receiver = await startWebhookReceiver(() => (up ? 200 : 503))
    const dataDir = makeDataDir()
    dataDirs.push(dataDir)
    const first = await startPromotionServer({ dataDir, workflow: FAST_RETRIES })
    servers.push(first)
    const webhookId = await subscribe(first, ['production.promoted'])
    const snapshotId = await takeSnapshot(first, DEMO_ID)
    await promote(first, DEMO_ID, snapshotId)
    await waitFor('a failed attempt', () => receiver!.received.length >= 1)
    // Version 2 is promoted and the server stops at once, before its delivery can succeed.
    await promote(first, DEMO_ID, snapshotId)
    await first.dispose()
    servers = []
    const failedBeforeRestart = receiver.received.length
    expect(receiver.received.every((r) => r.status === 503)).toBe(true)

    up = true
    const second = await startPromotionServer({ dataDir, workflow: FAST_RETRIES })
    servers.push(second)
    // At least once: a delivery cut off by the shutdown may arrive again; its delivery id tells.
    const versionsDelivered = () => [
      ...new Set(
        receiver!.received
          .filter((r) => r.status === 200)
          .map((r) => JSON.parse(r.body).details.version as number),
      ),
    ]
    await waitFor(
      'both notifications delivered after the restart',
      () => versionsDelivered().length === 2,
    )
    expect(versionsDelivered().sort()).toEqual([1, 2])
    const deliveryIds = new Set(receiver.received.map((r) => r.headers['x-scoring-delivery']))
    expect(deliveryIds.size).toBe(2)
    // The restarted server is the one that saw them through (the first stopped with both pending).
    const statuses = async () => {
      const answer = await call(second, 'GET', `/api/webhooks/${webhookId}/deliveries`, {
        token: second.tokenOf('releaseManager'),
      })
      return answer.body.deliveries.map((d: { status: string }) => d.status) as string[]
    }
    await waitFor('both marked delivered', async () =>
      (await statuses()).every((s) => s === 'delivered'),
    )
    expect(await statuses()).toEqual(['delivered', 'delivered'])
    expect(receiver.received.length).toBeGreaterThan(failedBeforeRestart)
    for (const delivery of receiver.received) expectSigned(delivery)
  })

  test('webhooks are for release managers; bad subscriptions are 422; deleting one stops its deliveries', async () => {
    receiver = await startWebhookReceiver(() => 200)
    const server = await startPromotionServer({ workflow: FAST_RETRIES })
    servers.push(server)
    const rm = server.tokenOf('releaseManager')
    const analyst = await call(server, 'POST', '/api/webhooks', {
      token: server.tokenOf('analyst'),
      body: { url: receiver.url, events: ['production.promoted'], secret: SECRET },
    })
    expect(analyst.status).toBe(403)
    for (const body of [
      { url: 'ftp://example.com/x', events: ['production.promoted'], secret: SECRET },
      { url: receiver.url, events: ['model.deleted'], secret: SECRET },
      { url: receiver.url, events: [], secret: SECRET },
      { url: receiver.url, events: ['production.promoted'], secret: 'short' },
    ]) {
      const answer = await call(server, 'POST', '/api/webhooks', { token: rm, body })
      expect(answer.status, JSON.stringify(body)).toBe(422)
    }
    const id = await subscribe(server, ['promotion.requested'])
    expect((await call(server, 'GET', '/api/webhooks', { token: rm })).body.webhooks).toHaveLength(
      1,
    )
    expect((await call(server, 'DELETE', `/api/webhooks/${id}`, { token: rm })).status).toBe(204)
    expect((await call(server, 'DELETE', `/api/webhooks/${id}`, { token: rm })).status).toBe(404)
    expect((await call(server, 'GET', '/api/webhooks', { token: rm })).body.webhooks).toEqual([])
    await takeSnapshot(server, DEMO_ID).then((sid) =>
      call(server, 'POST', `/api/models/${DEMO_ID}/promotions`, {
        token: rm,
        body: { snapshotId: sid },
      }),
    )
    const audit = await call(server, 'GET', '/api/audit', { token: rm })
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'webhook.created',
      'webhook.deleted',
      'snapshot.taken',
      'promotion.requested',
    ])
    expect(receiver.received).toEqual([])
  })

  test('private targets are refused at registration, in any spelling, and again at delivery', async () => {
    const dataDir = makeDataDir()
    dataDirs.push(dataDir)
    const strict = await startPromotionServer({
      dataDir,
      workflow: { ...FAST_RETRIES, webhookAllowPrivate: false },
    })
    servers.push(strict)
    const rm = strict.tokenOf('releaseManager')
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://127.1:9/hook',
      'http://0x7f000001:9/hook',
      'http://2130706433:9/hook',
      'http://[::1]:9/hook',
      'http://[::ffff:127.0.0.1]:9/hook',
      'http://localhost:9/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://user:pw@10.0.0.1/hook',
    ]) {
      const answer = await call(strict, 'POST', '/api/webhooks', {
        token: rm,
        body: { url, events: ['production.promoted'], secret: SECRET },
      })
      expect([answer.status, answer.body.code], url).toEqual([422, 'webhook-target-refused'])
    }
    expect((await call(strict, 'GET', '/api/webhooks', { token: rm })).body.webhooks).toEqual([])
    await strict.dispose()
    servers = []

    // Registered while private targets were allowed, delivered after they no longer are.
    receiver = await startWebhookReceiver(() => 200)
    const lenient = await startPromotionServer({ dataDir, workflow: FAST_RETRIES })
    servers.push(lenient)
    const webhookId = await subscribe(lenient, ['production.promoted'])
    await lenient.dispose()
    servers = []
    const later = await startPromotionServer({
      dataDir,
      workflow: { ...FAST_RETRIES, webhookAllowPrivate: false, webhookMaxAttempts: 2 },
    })
    servers.push(later)
    await promote(later, DEMO_ID, await takeSnapshot(later, DEMO_ID))
    const deliveries = async () =>
      (
        await call(later, 'GET', `/api/webhooks/${webhookId}/deliveries`, {
          token: later.tokenOf('releaseManager'),
        })
      ).body.deliveries
    await waitFor('the delivery given up', async () => (await deliveries())[0]?.status === 'failed')
    expect((await deliveries())[0]).toMatchObject({ lastError: 'forbidden-address', attempts: 2 })
    expect(receiver.received).toEqual([])
  })

  test('a failed delivery records a class of error, never the raw message', async () => {
    receiver = await startWebhookReceiver(() => 503)
    // A loopback port nobody listens on: the connection is refused.
    const closed = await startWebhookReceiver(() => 200)
    const closedUrl = closed.url
    await closed.close()
    const server = await startPromotionServer({
      workflow: { ...FAST_RETRIES, webhookMaxAttempts: 1 },
    })
    servers.push(server)
    const rm = server.tokenOf('releaseManager')
    const ids: string[] = []
    for (const url of [receiver.url, closedUrl]) {
      const created = await call(server, 'POST', '/api/webhooks', {
        token: rm,
        body: { url, events: ['production.promoted'], secret: SECRET },
      })
      ids.push(created.body.id)
    }
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const lastErrors = async () =>
      Promise.all(
        ids.map(async (id) => {
          const answer = await call(server, 'GET', `/api/webhooks/${id}/deliveries`, { token: rm })
          return answer.body.deliveries[0]?.lastError ?? null
        }),
      )
    await waitFor('both deliveries failed', async () => !(await lastErrors()).includes(null))
    expect(await lastErrors()).toEqual(['status 503', 'refused'])
  })

  test('a webhook stored with credentials in its URL is never contacted: its delivery fails at once', async () => {
    receiver = await startWebhookReceiver(() => 200)
    const server = await startPromotionServer({ workflow: FAST_RETRIES })
    servers.push(server)
    const rm = server.tokenOf('releaseManager')
    const plainId = await subscribe(server, ['production.promoted'])
    // Stored before URLs with credentials were refused at registration.
    const withCredentials = new URL(receiver.url)
    withCredentials.username = 'user'
    withCredentials.password = 'hunter2'
    await server.store.webhooks.insert({
      id: 'legacy',
      url: withCredentials.href,
      events: ['production.promoted'],
      secret: SECRET,
      createdAt: Date.now(),
      createdBy: { id: 'rita', name: 'Rita Release' },
    })
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const latest = async (id: string) =>
      (await call(server, 'GET', `/api/webhooks/${id}/deliveries`, { token: rm })).body
        .deliveries[0]
    await waitFor(
      'the legacy delivery given up',
      async () => (await latest('legacy'))?.status === 'failed',
    )
    expect(await latest('legacy')).toMatchObject({ lastError: 'credentials-in-url', attempts: 1 })
    await waitFor('the plain delivery', async () => (await latest(plainId))?.status === 'delivered')
    // Only the plain webhook's delivery arrived, and no request carried the credentials.
    expect(receiver.received).toHaveLength(1)
    expect(receiver.received[0]!.headers.authorization).toBeUndefined()
  })

  test('the audit log shows webhook URLs to release managers only, and never their credentials', async () => {
    receiver = await startWebhookReceiver(() => 200)
    const server = await startPromotionServer({ workflow: FAST_RETRIES })
    servers.push(server)
    const rm = server.tokenOf('releaseManager')
    const webhookId = await subscribe(server, ['production.promoted'])
    // A webhook stored before URLs with credentials were refused.
    server.store.webhooks.insert({
      id: 'legacy',
      url: 'https://user:hunter2@hooks.example.com/x',
      events: ['production.promoted'],
      secret: SECRET,
      createdAt: Date.now(),
      createdBy: { id: 'rita', name: 'Rita Release' },
    })
    expect((await call(server, 'DELETE', '/api/webhooks/legacy', { token: rm })).status).toBe(204)
    const urlsSeenBy = async (token: string) =>
      (await call(server, 'GET', '/api/audit', { token })).body.entries.map(
        (e: { details: { url?: string } }) => e.details.url ?? null,
      )
    expect(await urlsSeenBy(rm)).toEqual([receiver.url, 'https://hooks.example.com/x'])
    for (const who of ['viewer', 'analyst'] as const) {
      expect(await urlsSeenBy(server.tokenOf(who))).toEqual([null, null])
    }
    const viewerEntries = (
      await call(server, 'GET', '/api/audit', { token: server.tokenOf('viewer') })
    ).body.entries
    expect(viewerEntries[0].details).toMatchObject({ webhookId, redacted: ['url'] })
    expect(JSON.stringify(viewerEntries)).not.toContain('hunter2')
    expect((await call(server, 'GET', '/api/audit/verify', { token: rm })).body.ok).toBe(true)
  })
})
