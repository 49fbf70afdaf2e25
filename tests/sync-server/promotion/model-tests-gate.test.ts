import { afterEach, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { FINDING_CODES } from '../../../shared/finding-codes.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { setDraftWeights } from './support/edit-draft.ts'
import {
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

/** The demo model carrying one golden lead: a big, engaged retailer that asked for a demo today. */
const GUARDED: Model = {
  ...DEMO_MODEL,
  tests: [
    {
      id: 'acme',
      label: 'Acme must stay A',
      asOf: '2026-01-01T00:00:00Z',
      lead: {
        employees: 5000,
        industry: 'retail',
        email_opens_90d: 12,
        page_views_30d: 50,
        bounce_rate: 0,
        demo_requested: true,
        last_activity_at: '2026-01-01T00:00:00Z',
      },
      expect: { tier: 'A' },
    },
  ],
}

test('a snapshot whose model test fails cannot be promoted; the refusal names the test', async () => {
  server = await startPromotionServer()
  const pushed = await call(server, 'PUT', `/api/models/${DEMO_MODEL.id}`, {
    token: server.tokenOf('analyst'),
    body: GUARDED,
  })
  expect(pushed.status).toBe(200)
  expect(pushed.body.changes).toContainEqual(
    expect.objectContaining({ field: 'tests.acme', from: null }),
  )
  const passing = await takeSnapshot(server, DEMO_MODEL.id, 'guarded')
  expect((await requestPromotion(server, 'releaseManager', DEMO_MODEL.id, passing)).status).toBe(
    201,
  )

  // An analyst moves the weight of intent to industry fit, where a retailer scores low.
  await setDraftWeights(server, DEMO_MODEL.id, {
    'demo-requested': 0,
    'recent-activity': 0,
    'industry-fit': 0.5,
  })
  const failing = await takeSnapshot(server, DEMO_MODEL.id, 'retuned')
  const refused = await requestPromotion(server, 'releaseManager', DEMO_MODEL.id, failing)
  expect(refused.status).toBe(422)
  expect(refused.body.code).toBe('invalid-model')
  const failed = refused.body.findings.filter(
    (f: { code: string }) => f.code === FINDING_CODES.testFailed,
  )
  expect(failed).toHaveLength(1)
  expect(failed[0].path).toEqual(['tests', 0])
  expect(failed[0].message).toMatch(
    /^Test "Acme must stay A" failed: expected tier A, but the lead scored 0\.\d+ \(tier [BCD]\)/,
  )

  const listed = await call(server, 'GET', '/api/promotions', { token: server.tokenOf('viewer') })
  expect(listed.body.promotions.map((p: { snapshotId: string }) => p.snapshotId)).toEqual([passing])
})
