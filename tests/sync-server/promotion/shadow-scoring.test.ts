import { rmSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import { ShadowReportSchema } from '../../../shared/promotion-api-schemas.ts'
import { makeDataDir } from '../support/test-server.ts'
import { DEMO_ID } from './support/models.ts'
import {
  approve,
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'
import { CANDIDATE_MODEL, offlineShadow, scoreText, snapshotCandidate } from './support/shadow.ts'

const servers: PromotionServer[] = []
const dirs: string[] = []

afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A server whose tallies reach the store only when read or at shutdown, never on a timer. */
async function start(dataDir?: string): Promise<PromotionServer> {
  const server = await startPromotionServer({
    dataDir,
    workflow: { shadowFlushMs: 3_600_000 },
  })
  servers.push(server)
  return server
}

/** Production is the demo model; a request to promote the candidate is pending. Returns its id. */
async function pendingCandidate(server: PromotionServer): Promise<string> {
  await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
  const requested = await requestPromotion(
    server,
    'releaseManager',
    DEMO_ID,
    await snapshotCandidate(server),
  )
  expect(requested.status).toBe(201)
  return requested.body.id as string
}

async function shadowOf(server: PromotionServer, requestId: string) {
  const answer = await call(server, 'GET', `/api/promotions/${requestId}/shadow`, {
    token: server.tokenOf('viewer'),
  })
  expect(answer.status).toBe(200)
  return ShadowReportSchema.parse(answer.body)
}

/** Leads without an id or email: movers are then named by their place in the request. */
const anonymous = (leads: Lead[]) => leads.map(({ id: _id, ...rest }) => rest)

test('the figures equal scoring the same leads offline with both models, matrix and movers included', async () => {
  const server = await start()
  const requestId = await pendingCandidate(server)
  expect(await shadowOf(server, requestId)).toEqual(offlineShadow(DEMO_MODEL, DEMO_MODEL, [], 0))
  const batches = [
    generateDemoLeads(400, 11),
    generateDemoLeads(1, 12),
    anonymous(generateDemoLeads(250, 13)),
  ]
  for (const leads of batches) await scoreText(server, leads, DEMO_AS_OF)
  const expected = offlineShadow(DEMO_MODEL, CANDIDATE_MODEL, batches, DEMO_AS_OF)
  expect(expected.tierChanged).toBeGreaterThan(10)
  expect(expected.movers.some((m) => m.lead.startsWith('#'))).toBe(true)
  expect(await shadowOf(server, requestId)).toEqual(expected)
})

test('/api/score answers byte for byte the same with a request pending in shadow', async () => {
  const server = await start()
  await promote(server, DEMO_ID, await takeSnapshot(server, DEMO_ID))
  const leads = generateDemoLeads(300, 21)
  const alone = await scoreText(server, leads, DEMO_AS_OF)
  const requested = await requestPromotion(
    server,
    'releaseManager',
    DEMO_ID,
    await snapshotCandidate(server),
  )
  const shadowed = await scoreText(server, leads, DEMO_AS_OF)
  expect(shadowed).toBe(alone)
  // The shadow did run for that answer.
  expect((await shadowOf(server, requested.body.id as string)).scored).toBe(300)
})

test('the figures survive a restart of the server on the same SQLite file', async () => {
  const dataDir = makeDataDir()
  dirs.push(dataDir)
  const first = await start(dataDir)
  const requestId = await pendingCandidate(first)
  const leads = generateDemoLeads(120, 31)
  await scoreText(first, leads, DEMO_AS_OF)
  // Never read before the shutdown: the figures only reach the file as the server stops.
  await servers.splice(0)[0]!.close()
  const second = await start(dataDir)
  const expected = offlineShadow(DEMO_MODEL, CANDIDATE_MODEL, [leads], DEMO_AS_OF)
  expect(await shadowOf(second, requestId)).toEqual(expected)
  await scoreText(second, leads, DEMO_AS_OF)
  expect(await shadowOf(second, requestId)).toMatchObject({
    scored: 240,
    tierChanged: 2 * expected.tierChanged,
  })
})

test('approved or rejected, a request shadows no more leads: its figures stay as they were', async () => {
  const server = await start()
  const rejectedId = await pendingCandidate(server)
  const candidate = (
    await call(server, 'GET', `/api/promotions/${rejectedId}`, {
      token: server.tokenOf('viewer'),
    })
  ).body.snapshotId as string
  const approvedId = (await requestPromotion(server, 'releaseManager', DEMO_ID, candidate)).body
    .id as string
  const leads = generateDemoLeads(50, 41)
  await scoreText(server, leads, DEMO_AS_OF)
  const rejected = await call(server, 'POST', `/api/promotions/${rejectedId}/reject`, {
    token: server.tokenOf('releaseManager2'),
    body: { reason: 'not now' },
  })
  expect(rejected.status).toBe(200)
  const before = await shadowOf(server, rejectedId)
  expect(before.scored).toBe(50)
  await scoreText(server, leads, DEMO_AS_OF)
  expect(await shadowOf(server, rejectedId)).toEqual(before)
  expect((await shadowOf(server, approvedId)).scored).toBe(100)

  expect((await approve(server, 'releaseManager2', approvedId)).status).toBe(200)
  const approved = await shadowOf(server, approvedId)
  await scoreText(server, leads, DEMO_AS_OF)
  expect(await shadowOf(server, approvedId)).toEqual(approved)
  expect(approved.scored).toBe(100)
})

test('an unknown request has no shadow (404); every signed-in role may read one', async () => {
  const server = await start()
  const requestId = await pendingCandidate(server)
  const unknown = await call(server, 'GET', '/api/promotions/nope/shadow', {
    token: server.tokenOf('viewer'),
  })
  expect(unknown.status).toBe(404)
  expect(unknown.body.code).toBe('promotion-not-found')
  const anonymousRead = await call(server, 'GET', `/api/promotions/${requestId}/shadow`)
  expect(anonymousRead.status).toBe(401)
})
