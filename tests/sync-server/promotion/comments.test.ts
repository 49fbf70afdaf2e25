import { createHash } from 'node:crypto'
import { afterEach, expect, test } from 'vitest'
import { PromotionCommentListSchema } from '../../../shared/promotion-api-schemas.ts'
import { COMMENT_EXCERPT_CHARS } from '../../../sync-server/promotion/comment-on-promotion.ts'
import { waitFor } from '../support/wait-for.ts'
import { openEventStream, type EventStream } from './support/event-stream.ts'
import { DEMO_ID } from './support/models.ts'
import {
  call,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
  type Who,
} from './support/promotion-server.ts'
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts'

let server: PromotionServer | undefined
let receiver: WebhookReceiver | undefined
const streams: EventStream[] = []

afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close()
  await server?.dispose()
  await receiver?.close()
  server = receiver = undefined
})

/** A pending request on the demo model, made by the first release manager. */
async function pendingRequest(server: PromotionServer): Promise<string> {
  const snapshotId = await takeSnapshot(server, DEMO_ID)
  const requested = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
  expect(requested.status).toBe(201)
  return requested.body.id as string
}

function comment(server: PromotionServer, who: Who, requestId: string, body: unknown) {
  return call(server, 'POST', `/api/promotions/${requestId}/comments`, {
    token: server.tokenOf(who),
    body,
  })
}

async function listComments(server: PromotionServer, requestId: string) {
  const answer = await call(server, 'GET', `/api/promotions/${requestId}/comments`, {
    token: server.tokenOf('viewer'),
  })
  expect(answer.status).toBe(200)
  return PromotionCommentListSchema.parse(answer.body).comments
}

const auditOf = async (server: PromotionServer) =>
  (
    await call(server, 'GET', '/api/audit?limit=1000', { token: server.tokenOf('viewer') })
  ).body.entries.filter((e: { action: string }) => e.action === 'promotion.commented')

test('analysts and release managers comment on a request; everyone reads the thread in order, with author and time', async () => {
  server = await startPromotionServer()
  const requestId = await pendingRequest(server)
  expect(await listComments(server, requestId)).toEqual([])

  const started = Date.now()
  const said: [Who, string, string][] = [
    ['analyst', '  Why did the size weight drop?\n', 'Why did the size weight drop?'],
    ['releaseManager', 'It over-ranked large accounts that never convert.', ''],
    ['releaseManager2', 'Ünïcödé and emoji 👍 kept as written.', ''],
    ['analyst2', 'x'.repeat(4000), ''],
  ]
  const answers = []
  for (const [who, body] of said) {
    const answer = await comment(server, who, requestId, { body })
    expect(answer.status, who).toBe(201)
    answers.push(answer.body)
  }
  const listed = await listComments(server, requestId)
  expect(listed).toEqual(answers)
  expect(listed.map((c) => c.body)).toEqual(said.map(([, body, trimmed]) => trimmed || body))
  expect(listed.map((c) => c.author)).toEqual([
    { id: 'ana', name: 'Ana Analyst' },
    { id: 'rita', name: 'Rita Release' },
    { id: 'remy', name: 'Remy Release' },
    { id: 'bo', name: 'Bo Analyst' },
  ])
  expect(listed.every((c) => c.requestId === requestId)).toBe(true)
  const times = listed.map((c) => Date.parse(c.at))
  expect(times).toEqual([...times].sort((a, b) => a - b))
  expect(times[0]).toBeGreaterThanOrEqual(started - 1000)

  // A decided request can still be discussed; viewers read but never write.
  const rejected = await call(server, 'POST', `/api/promotions/${requestId}/reject`, {
    token: server.tokenOf('releaseManager2'),
    body: { reason: 'see the thread' },
  })
  expect(rejected.status).toBe(200)
  expect((await comment(server, 'analyst', requestId, { body: 'agreed' })).status).toBe(201)
  const viewer = await comment(server, 'viewer', requestId, { body: 'me too' })
  expect([viewer.status, viewer.body.code]).toEqual([403, 'forbidden'])
  expect((await listComments(server, requestId)).map((c) => c.body).at(-1)).toBe('agreed')
})

test('bad comments are 422 (or 400, 404) with a clear code and change nothing', async () => {
  server = await startPromotionServer()
  const requestId = await pendingRequest(server)
  expect((await comment(server, 'analyst', requestId, { body: 'kept' })).status).toBe(201)
  const before = { comments: await listComments(server, requestId), audit: await auditOf(server) }

  const bad: [unknown, (string | number)[]][] = [
    [{}, ['body']],
    [{ body: '' }, ['body']],
    [{ body: ' \n\t ' }, ['body']],
    [{ body: 'x'.repeat(4001) }, ['body']],
    [{ body: 42 }, ['body']],
    [{ body: null }, ['body']],
    [{ body: 'ok', author: 'someone else' }, []],
    [['ok'], []],
  ]
  for (const [body, path] of bad) {
    const answer = await comment(server, 'analyst', requestId, body)
    const label = JSON.stringify(body).slice(0, 60)
    expect([answer.status, answer.body.code], label).toEqual([422, 'invalid-request'])
    expect(answer.headers.get('content-type'), label).toBe('application/problem+json')
    expect(answer.body.issues[0].path, label).toEqual(path)
  }
  const notJson = await call(server, 'POST', `/api/promotions/${requestId}/comments`, {
    token: server.tokenOf('analyst'),
    raw: '{"body": "cut',
    headers: { 'content-type': 'application/json' },
  })
  expect([notJson.status, notJson.body.code]).toEqual([400, 'bad-json'])
  for (const method of ['GET', 'POST']) {
    const missing = await call(server, method, '/api/promotions/no-such-request/comments', {
      token: server.tokenOf('analyst'),
      body: method === 'POST' ? { body: 'hello' } : undefined,
    })
    expect([missing.status, missing.body.code], method).toEqual([404, 'promotion-not-found'])
  }
  expect({ comments: await listComments(server, requestId), audit: await auditOf(server) }).toEqual(
    before,
  )
})

test('each comment is audited with an excerpt and the hash of its text, streamed live and sent to webhooks that subscribe', async () => {
  receiver = await startWebhookReceiver(() => 204)
  server = await startPromotionServer({
    workflow: { webhookAllowPrivate: true, webhookRetryBaseMs: 40, webhookPollMs: 200 },
  })
  const hook = await call(server, 'POST', '/api/webhooks', {
    token: server.tokenOf('releaseManager'),
    body: { url: receiver.url, events: ['promotion.commented'], secret: 'a-webhook-secret-1234' },
  })
  expect(hook.status).toBe(201)
  const requestId = await pendingRequest(server)
  const live = await openEventStream(
    `${server.url}/api/events?token=${server.tokenOf('viewer')}&modelId=${DEMO_ID}`,
  )
  streams.push(live)
  expect(live.status).toBe(200)

  const short = 'Looks right to me.'
  const long = `${'é'.repeat(COMMENT_EXCERPT_CHARS - 1)}👍${'z'.repeat(3000)}`
  const first = await comment(server, 'analyst', requestId, { body: short })
  const second = await comment(server, 'releaseManager2', requestId, { body: long })
  expect([first.status, second.status]).toEqual([201, 201])

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
  const entries = await auditOf(server)
  expect(entries).toHaveLength(2)
  expect(entries[0]).toMatchObject({
    actor: { id: 'ana', name: 'Ana Analyst' },
    modelId: DEMO_ID,
    details: {
      requestId,
      commentId: first.body.id,
      length: short.length,
      excerpt: short,
      sha256: sha256(short),
    },
  })
  // A long comment is cut in the log at a character boundary (the emoji is kept whole).
  expect(entries[1].details).toEqual({
    requestId,
    commentId: second.body.id,
    length: long.length,
    excerpt: `${'é'.repeat(COMMENT_EXCERPT_CHARS - 1)}👍…`,
    sha256: sha256(long),
  })
  const verify = await call(server, 'GET', '/api/audit/verify', { token: server.tokenOf('viewer') })
  expect(verify.body.ok).toBe(true)

  await waitFor('two comment events', () => live.messages.length >= 2)
  expect(
    live.messages.map((m) => [
      m.event,
      (m.data as { details: { commentId: number } }).details.commentId,
    ]),
  ).toEqual([
    ['promotion.commented', first.body.id],
    ['promotion.commented', second.body.id],
  ])
  await waitFor('two deliveries', () => receiver!.received.length >= 2)
  // Only the subscribed type: the request itself was not sent.
  const delivered = receiver.received.map((r) => JSON.parse(r.body))
  expect(delivered.map((d) => [d.type, d.details.requestId])).toEqual([
    ['promotion.commented', requestId],
    ['promotion.commented', requestId],
  ])
  expect(delivered[1].details.excerpt).toBe(entries[1].details.excerpt)
})
