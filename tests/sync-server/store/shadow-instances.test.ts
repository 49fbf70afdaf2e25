import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { DEMO_ID } from '../promotion/support/models.ts'
import {
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from '../promotion/support/promotion-server.ts'
import {
  CANDIDATE_MODEL,
  offlineShadow,
  scoreText,
  snapshotCandidate,
} from '../promotion/support/shadow.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'

let postgres: PrivatePostgres
const servers: PromotionServer[] = []

beforeAll(async () => {
  postgres = await startPrivatePostgres()
})
afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose()
})
afterAll(() => postgres?.stop())

test('two instances on one PostgreSQL: the shadow figures add up, and survive both stopping', async () => {
  const database = { url: await postgres.createDatabase(), poolSize: 4 }
  // Tallies reach the database when read or at shutdown only, so the test decides when.
  const workflow = { shadowFlushMs: 3_600_000 }
  const one = await startPromotionServer({ database, workflow })
  servers.push(one)
  const two = await startPromotionServer({ database, workflow })
  servers.push(two)
  await promote(one, DEMO_ID, await takeSnapshot(one, DEMO_ID))
  const requested = await requestPromotion(
    one,
    'releaseManager',
    DEMO_ID,
    await snapshotCandidate(one),
  )
  const requestId = requested.body.id as string
  const shadowOn = async (server: PromotionServer) =>
    (
      await call(server, 'GET', `/api/promotions/${requestId}/shadow`, {
        token: server.tokenOf('viewer'),
      })
    ).body

  const first = generateDemoLeads(200, 51)
  const second = generateDemoLeads(150, 52)
  await scoreText(one, first, DEMO_AS_OF)
  await scoreText(two, second, DEMO_AS_OF)
  await scoreText(two, second, DEMO_AS_OF)
  // Each instance adds its own tally when read: two's, then one's, which answers the sum.
  expect((await shadowOn(two)).scored).toBe(2 * second.length)
  const expected = offlineShadow(DEMO_MODEL, CANDIDATE_MODEL, [first, second, second], DEMO_AS_OF)
  const figures = await shadowOn(one)
  expect(figures).toMatchObject({
    scored: expected.scored,
    tierChanged: expected.tierChanged,
    migration: expected.migration,
    maxAbsDelta: expected.maxAbsDelta,
    movers: expected.movers,
  })
  // Two tallies summed in the database: the same sum up to the order of additions.
  expect(figures.meanDelta).toBeCloseTo(expected.meanDelta, 12)

  // What each instance holds when it stops is added too.
  await scoreText(one, first, DEMO_AS_OF)
  await scoreText(two, second, DEMO_AS_OF)
  for (const s of servers.splice(0)) await s.dispose()
  const third = await startPromotionServer({ database, workflow })
  servers.push(third)
  expect((await shadowOn(third)).scored).toBe(expected.scored + first.length + second.length)
})
