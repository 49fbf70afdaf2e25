import { afterEach, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLeads } from '../../../engine/score-lead.ts'
import { USERS } from '../support/test-server.ts'
import { waitFor } from '../support/wait-for.ts'
import { DEMO_ID, SMALL_MODEL } from './support/models.ts'
import {
  call,
  importAndSnapshot,
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

describe('scoring API', () => {
  test('scores exactly as the engine does, with the production model, for every role', async () => {
    server = await startPromotionServer()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const production = await promote(server, DEMO_ID, snapshotId)
    const leads = generateDemoLeads(300, 7)
    const expected = scoreLeads(compileModel(DEMO_MODEL), leads, { asOf: DEMO_AS_OF })
    for (const who of ['viewer', 'analyst', 'releaseManager'] as const) {
      const scored = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
        token: server.tokenOf(who),
        body: { leads, asOf: DEMO_AS_OF },
      })
      expect(scored.status, who).toBe(200)
      expect(scored.body).toMatchObject({
        modelId: DEMO_ID,
        version: 1,
        snapshotId,
        hash: production.hash,
        asOf: new Date(DEMO_AS_OF).toISOString(),
      })
      expect(scored.body.results).toEqual(expected)
    }
    // asOf as an ISO date is the same instant.
    const iso = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
      body: { leads: leads.slice(0, 5), asOf: new Date(DEMO_AS_OF).toISOString() },
    })
    expect(iso.body.results).toEqual(expected.slice(0, 5))
  })

  test('?snapshot= scores with that snapshot; production is untouched and a foreign snapshot is 404', async () => {
    server = await startPromotionServer()
    const token = server.tokenOf('viewer')
    const small = await importAndSnapshot(server, SMALL_MODEL)
    const leads = [{ employees: 500, demo_requested: 'yes' }, { employees: '2000' }, {}]
    const expected = scoreLeads(compileModel(SMALL_MODEL), leads, { asOf: 0 })
    const noProduction = await call(server, 'POST', `/api/score/${SMALL_MODEL.id}`, {
      token,
      body: { leads },
    })
    expect([noProduction.status, noProduction.body.code]).toEqual([404, 'not-in-production'])
    const scored = await call(server, 'POST', `/api/score/${SMALL_MODEL.id}?snapshot=${small}`, {
      token,
      body: { leads, asOf: 0 },
    })
    expect(scored.status).toBe(200)
    expect(scored.body).toMatchObject({ version: null, snapshotId: small })
    expect(scored.body.results).toEqual(expected)
    const foreign = await call(server, 'POST', `/api/score/${DEMO_ID}?snapshot=${small}`, {
      token,
      body: { leads },
    })
    expect([foreign.status, foreign.body.code]).toEqual([404, 'snapshot-not-found'])
    const unknown = await call(server, 'POST', '/api/score/nope', { token, body: { leads } })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'model-not-found'])
  })

  test('without asOf the request time is used, once for the whole batch', async () => {
    server = await startPromotionServer()
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const before = Date.now()
    const leads = generateDemoLeads(20, 3)
    const scored = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
      body: { leads },
    })
    const asOf = Date.parse(scored.body.asOf)
    expect(asOf).toBeGreaterThanOrEqual(before)
    expect(asOf).toBeLessThanOrEqual(Date.now())
    expect(scored.body.results).toEqual(scoreLeads(compileModel(DEMO_MODEL), leads, { asOf }))
  })

  test('bad bodies are 4xx: too many leads or bytes 413, bad shapes 422, bad JSON 400', async () => {
    server = await startPromotionServer({
      workflow: { maxScoreLeads: 10, maxScoreBodyBytes: 4096 },
    })
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const token = server.tokenOf('viewer')
    const score = (body: unknown) => call(server, 'POST', `/api/score/${DEMO_ID}`, { token, body })
    const many = await score({ leads: Array.from({ length: 11 }, () => ({})) })
    expect([many.status, many.body.code, many.body.maxLeads]).toEqual([413, 'batch-too-large', 10])
    const big = await score({ leads: [{ note: 'x'.repeat(5000) }] })
    expect([big.status, big.body.code]).toEqual([413, 'payload-too-large'])
    for (const body of [
      {},
      { leads: 'x' },
      { leads: [1] },
      { leads: [[]] },
      { leads: [], extra: 1 },
      { leads: [], asOf: 'soon' },
      { leads: [], asOf: 1e300 },
      [],
      null,
    ]) {
      const answer = await score(body)
      expect(answer.status, JSON.stringify(body)).toBe(422)
      expect(answer.body.code).toBe('invalid-request')
    }
    // Without a Content-Length (a chunked upload) the limit is enforced while reading.
    const chunked = await fetch(`${server.url}/api/score/${DEMO_ID}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ leads: [{ note: 'x'.repeat(5000) }] })]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect([chunked.status, ((await chunked.json()) as { code: string }).code]).toEqual([
      413,
      'payload-too-large',
    ])
    const small = await fetch(`${server.url}/api/score/${DEMO_ID}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ leads: [{}, {}] })]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect(((await small.json()) as { results: unknown[] }).results).toHaveLength(2)
    const notJson = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
      token,
      raw: '{"leads": [',
    })
    expect([notJson.status, notJson.body.code]).toEqual([400, 'bad-json'])
    expect((await score({ leads: [] })).body.results).toEqual([])
  })

  test('a lead value that is not a scalar is 422 with its path, also when nested deep', async () => {
    server = await startPromotionServer()
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const token = server.tokenOf('viewer')
    const deep = `${'['.repeat(100_000)}"software"${']'.repeat(100_000)}`
    for (const [raw, path] of [
      [`{"leads":[{"employees":250},{"industry":${deep}}]}`, ['leads', 1, 'industry']],
      ['{"leads":[{"industry":{"name":"software"}}]}', ['leads', 0, 'industry']],
      ['{"leads":[{},{},{"country":["US"]}]}', ['leads', 2, 'country']],
    ] as const) {
      const answer = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
        token,
        raw,
        headers: { 'content-type': 'application/json' },
      })
      expect([answer.status, answer.body.code]).toEqual([422, 'invalid-request'])
      expect(answer.body.issues.map((issue: { path: unknown }) => issue.path)).toContainEqual(path)
    }
    const flat = await call(server, 'POST', `/api/score/${DEMO_ID}`, {
      token,
      body: { leads: [{ industry: 'software', employees: null, customer: true }] },
    })
    expect(flat.status).toBe(200)
  })

  test('each token is rate limited: 429 with Retry-After; another token is not affected', async () => {
    server = await startPromotionServer({ workflow: { scoreRatePerSecond: 0.01, scoreBurst: 3 } })
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const score = (token: string) =>
      call(server, 'POST', `/api/score/${DEMO_ID}`, { token, body: { leads: [{}] } })
    const viewer = server.tokenOf('viewer')
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await score(viewer)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = await score(viewer)
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('rate-limited')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await score(server.tokenOf('analyst'))).status).toBe(200)
  })

  test('the bucket is the verified user: respelling the token or minting another shares it', async () => {
    server = await startPromotionServer({ workflow: { scoreRatePerSecond: 0.01, scoreBurst: 3 } })
    await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
    const viewer = server.tokenOf('viewer')
    // The last base64url character of an HS256 signature carries 2 unused bits: flipping the
    // lowest one gives another spelling of the same signature, which the verifier accepts.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(viewer.at(-1)!)
    const respelled = viewer.slice(0, -1) + alphabet[last ^ 1]
    const another = await server.mintToken(USERS.viewer, 3600)
    const score = (authorization: string) =>
      call(server, 'POST', `/api/score/${DEMO_ID}`, {
        headers: { authorization },
        body: { leads: [{}] },
      })
    const statuses = [
      (await score(`Bearer ${viewer}`)).status,
      (await score(`Bearer    ${viewer}`)).status,
      (await score(`Bearer ${respelled}`)).status,
      (await score(`Bearer   ${respelled}`)).status,
      (await score(`Bearer ${another}`)).status,
    ]
    expect(statuses).toEqual([200, 200, 200, 429, 429])
    expect((await score(`Bearer ${server.tokenOf('analyst')}`)).status).toBe(200)
  })
})

test('a token that expires is refused from then on, though scoring calls with it were answered before', async () => {
  server = await startPromotionServer()
  await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
  const shortLived = await server.mintToken({ id: 'brief', name: 'Brief', role: 'viewer' }, 2)
  const score = () =>
    call(server, 'POST', `/api/score/${DEMO_ID}`, { token: shortLived, body: { leads: [{}] } })
  expect((await score()).status).toBe(200)
  await waitFor('the token to expire', async () => (await score()).status === 401)
  expect((await score()).body.code).toBe('unauthorized')
})
