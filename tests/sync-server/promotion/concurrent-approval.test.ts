import { afterEach, expect, test } from 'vitest'
import { DEMO_ID } from './support/models.ts'
import {
  approve,
  call,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

const ROUNDS = 6

test('two requests approved at once: exactly one 200 and one 409, version +1, one promotion audited', async () => {
  server = await startPromotionServer()
  const viewer = server.tokenOf('viewer')
  const snapshotId = await takeSnapshot(server, DEMO_ID)
  for (let round = 0; round < ROUNDS; round++) {
    const a = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    const b = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    expect([a.body.basedOnVersion, b.body.basedOnVersion]).toEqual([round, round])
    // Both approvals are in flight on their own connections before either is answered.
    const answers = await Promise.all([
      approve(server, 'releaseManager2', a.body.id),
      approve(server, 'releaseManager2', b.body.id),
    ])
    const statuses = answers.map((answer) => answer.status).sort()
    expect(statuses, `round ${round}`).toEqual([200, 409])
    const loser = answers.find((answer) => answer.status === 409)!
    expect(loser.body.code).toBe('stale-request')
    const winner = answers.find((answer) => answer.status === 200)!
    expect(winner.body.version).toBe(round + 1)

    const production = await call(server, 'GET', `/api/production/${DEMO_ID}`, { token: viewer })
    expect(production.body.version).toBe(round + 1)
    const states = await call(server, 'GET', `/api/models/${DEMO_ID}/promotions?limit=2`, {
      token: viewer,
    })
    expect(states.body.promotions.map((p: { status: string }) => p.status).sort()).toEqual([
      'approved',
      'pending',
    ])
  }
  const audit = await call(server, 'GET', `/api/audit?modelId=${DEMO_ID}&limit=1000`, {
    token: viewer,
  })
  const promotions = audit.body.entries.filter(
    (e: { action: string }) => e.action === 'production.promoted',
  )
  expect(promotions.map((e: { details: { version: number } }) => e.details.version)).toEqual(
    Array.from({ length: ROUNDS }, (_, i) => i + 1),
  )
  expect(
    audit.body.entries.filter((e: { action: string }) => e.action === 'promotion.approved'),
  ).toHaveLength(ROUNDS)
})
