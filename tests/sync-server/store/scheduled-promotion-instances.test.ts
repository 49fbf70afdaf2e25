import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { DEMO_ID } from '../promotion/support/models.ts'
import {
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from '../promotion/support/promotion-server.ts'
import {
  auditOf,
  productionVersion,
  scheduleApproved,
  statusOf,
} from '../promotion/support/schedule.ts'
import { createTestClock } from '../promotion/support/test-clock.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'
import { waitFor } from '../support/wait-for.ts'

let postgres: PrivatePostgres
const servers: PromotionServer[] = []

beforeAll(async () => {
  postgres = await startPrivatePostgres()
})
afterEach(async () => {
  for (const s of servers.splice(0)) await s.dispose()
})
afterAll(() => postgres?.stop())

const HOUR = 3_600_000
const ROUNDS = 4

test('two instances checking at the due time at once: exactly one promotion each time', async () => {
  const clock = createTestClock()
  const database = { url: await postgres.createDatabase(), poolSize: 4 }
  const one = await startPromotionServer({ database, workflow: { now: clock.now } })
  servers.push(one)
  const two = await startPromotionServer({ database, workflow: { now: clock.now } })
  servers.push(two)
  const ids: string[] = []
  for (let round = 1; round <= ROUNDS; round++) {
    const snapshotId = await takeSnapshot(one, DEMO_ID, `round ${round}`)
    const id = await scheduleApproved(two, DEMO_ID, snapshotId, clock.now() + HOUR)
    ids.push(id)
    clock.advance(HOUR)
    await Promise.all([
      one.checkScheduledPromotions(),
      two.checkScheduledPromotions(),
      one.checkScheduledPromotions(),
      two.checkScheduledPromotions(),
    ])
    expect(await statusOf(one, id), `round ${round}`).toBe('promoted')
    expect(await productionVersion(two, DEMO_ID), `round ${round}`).toBe(round)
  }
  const promoted = await auditOf(one, DEMO_ID, 'production.promoted')
  expect(promoted.map((e) => [e.details.requestId, e.details.version])).toEqual(
    ids.map((id, i) => [id, i + 1]),
  )
  expect(await auditOf(one, DEMO_ID, 'promotion.suspended')).toEqual([])
})

test('two instances on their own timers: the due request promotes once', async () => {
  const database = { url: await postgres.createDatabase(), poolSize: 4 }
  const one = await startPromotionServer({ database })
  servers.push(one)
  const two = await startPromotionServer({ database })
  servers.push(two)
  const dueAt = Date.now() + 1500
  // Scheduled on one; the other hears of it through the relayed event and sets its own timer.
  const id = await scheduleApproved(one, DEMO_ID, await takeSnapshot(one, DEMO_ID), dueAt)
  await waitFor(
    'the promotion at its due time',
    async () => (await statusOf(two, id)) === 'promoted',
  )
  expect(await productionVersion(one, DEMO_ID)).toBe(1)
  expect(await auditOf(two, DEMO_ID, 'production.promoted')).toHaveLength(1)
})
