import { afterEach, describe, expect, test } from 'vitest'
import { backtest } from '../../../engine/backtest.ts'
import { createColumnScorer } from '../../../engine/create-column-scorer.ts'
import { DEMO_OUTCOME_FIELD } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { readOutcomes } from '../../../engine/read-outcomes.ts'
import { FINDING_CODES } from '../../../shared/finding-codes.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { PromotionRecordSchema } from '../../../shared/promotion-api-schemas.ts'
import { demoColumns } from '../../../sync-server/datasets/demo-dataset.ts'
import { DEMO_ID, OVERWEIGHT_MODEL, SMALL_MODEL } from './support/models.ts'
import { setDraftWeights } from './support/edit-draft.ts'
import {
  approve,
  call,
  importAndSnapshot,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

describe('promotion requests', () => {
  test('the first request is based on version 0 with no impact; the approval makes version 1', async () => {
    server = await startPromotionServer()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const requested = await call(server, 'POST', `/api/models/${DEMO_ID}/promotions`, {
      token: server.tokenOf('releaseManager'),
      body: { snapshotId, note: 'first release' },
    })
    expect(requested.status).toBe(201)
    expect(requested.body).toMatchObject({
      status: 'pending',
      snapshotId,
      impact: null,
      basedOnVersion: 0,
      note: 'first release',
      requestedBy: { id: 'rita', name: 'Rita Release' },
    })
    const snapshot = await call(server, 'GET', `/api/models/${DEMO_ID}/snapshots/${snapshotId}`, {
      token: server.tokenOf('viewer'),
    })
    expect(requested.body.hash).toBe(snapshot.body.hash)

    const before = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(before.status).toBe(404)
    expect(before.body.code).toBe('not-in-production')

    const approved = await approve(server, 'releaseManager2', requested.body.id)
    expect(approved.status).toBe(200)
    expect(approved.body).toMatchObject({
      modelId: DEMO_ID,
      version: 1,
      snapshotId,
      hash: snapshot.body.hash,
      model: snapshot.body.model,
      promotedBy: { id: 'remy' },
      kind: 'promotion',
      requestId: requested.body.id,
    })
    const production = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(production.body).toEqual(approved.body)

    const listed = await call(server, 'GET', `/api/promotions?modelId=${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(listed.body.promotions).toHaveLength(1)
    expect(listed.body.promotions[0]).toMatchObject({
      id: requested.body.id,
      status: 'approved',
      decidedBy: { id: 'remy' },
      version: 1,
    })
    const models = await call(server, 'GET', '/api/models', { token: server.tokenOf('viewer') })
    expect(models.body.models.find((m: { id: string }) => m.id === DEMO_ID).productionVersion).toBe(
      1,
    )
  })

  test('a later request carries its impact against production on the demo reference dataset', async () => {
    server = await startPromotionServer()
    const first = await takeSnapshot(server, DEMO_ID, 'v1')
    await promote(server, DEMO_ID, first)
    await setDraftWeights(server, DEMO_ID, { 'company-size': 0.25, 'industry-fit': 0.1 })
    const second = await takeSnapshot(server, DEMO_ID, 'v2')
    const requested = await requestPromotion(server, 'releaseManager', DEMO_ID, second)
    expect(requested.status).toBe(201)
    expect(requested.body.basedOnVersion).toBe(1)
    expect(requested.body.datasetId).toBe('demo')
    const impact = requested.body.impact
    expect(impact.leads).toBe(20_000)
    expect(impact.topMovers.length).toBeGreaterThan(0)
    expect(impact.topMovers[0].delta).not.toBe(0)
    expect(impact.spearman).toBeLessThan(1)
  })

  test('a request records the backtest of the snapshot and of production on the demo outcome', async () => {
    server = await startPromotionServer()
    const first = await takeSnapshot(server, DEMO_ID, 'v1')
    const firstRequest = await requestPromotion(server, 'releaseManager', DEMO_ID, first)
    // Before any promotion only the snapshot is backtested.
    expect(firstRequest.body.backtest.production).toBeNull()
    await approve(server, 'releaseManager2', firstRequest.body.id)
    const weights = {
      'company-size': 0.05,
      'industry-fit': 0.05,
      'web-engagement': 0.25,
      'recent-activity': 0.25,
    }
    await setDraftWeights(server, DEMO_ID, weights)
    const second = await takeSnapshot(server, DEMO_ID, 'v2')
    const requested = await requestPromotion(server, 'releaseManager', DEMO_ID, second)
    expect(requested.status).toBe(201)
    const recorded = PromotionRecordSchema.parse(requested.body).backtest
    expect(recorded).not.toBeNull()

    // The engine's own backtest of both models on the same demo leads, at the request's instant.
    const data = demoColumns()
    const outcomes = readOutcomes(data.columns[DEMO_OUTCOME_FIELD] as Float64Array)
    const asOf = Date.parse(requested.body.asOf)
    const expectedOf = (model: Model) => {
      const result = backtest(createColumnScorer(data, model, { asOf }), outcomes)
      if (!result.ok) throw new Error(result.message)
      return result.backtest
    }
    const draft = withWeights(DEMO_MODEL, weights)
    expect(recorded).toEqual({
      outcomeField: DEMO_OUTCOME_FIELD,
      candidate: expectedOf(draft),
      production: expectedOf(DEMO_MODEL),
    })
    expect(recorded!.candidate.auc).not.toBe(recorded!.production!.auc)
    // The record keeps it: listing the requests gives the same backtest.
    const listed = await call(server, 'GET', `/api/promotions/${requested.body.id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(listed.body.backtest).toEqual(recorded)
  })

  test('a snapshot whose weights sum to 1.65 is refused with 422 and its findings; nothing is recorded', async () => {
    server = await startPromotionServer()
    const snapshotId = await importAndSnapshot(server, OVERWEIGHT_MODEL)
    const refused = await requestPromotion(
      server,
      'releaseManager',
      OVERWEIGHT_MODEL.id,
      snapshotId,
    )
    expect(refused.status).toBe(422)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect(refused.body.code).toBe('invalid-model')
    const codes = refused.body.findings.map((f: { code: string }) => f.code)
    expect(codes).toContain(FINDING_CODES.weightSum)
    const listed = await call(server, 'GET', '/api/promotions', { token: server.tokenOf('viewer') })
    expect(listed.body.promotions).toEqual([])
    const audit = await call(server, 'GET', '/api/audit', { token: server.tokenOf('viewer') })
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['snapshot.taken'])
  })

  test('the requester cannot approve their own request (403 self-approval); it stays pending', async () => {
    server = await startPromotionServer()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const requested = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    const self = await approve(server, 'releaseManager', requested.body.id)
    expect(self.status).toBe(403)
    expect(self.body.code).toBe('self-approval')
    const one = await call(server, 'GET', `/api/promotions/${requested.body.id}`, {
      token: server.tokenOf('viewer'),
    })
    expect(one.body.status).toBe('pending')
    const versions = await call(server, 'GET', `/api/production/${DEMO_ID}/versions`, {
      token: server.tokenOf('viewer'),
    })
    expect(versions.body).toEqual({ modelId: DEMO_ID, current: 0, versions: [] })
  })

  test('several requests may be pending for one snapshot; once one is approved the others are stale (409)', async () => {
    server = await startPromotionServer()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const a = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    const b = await requestPromotion(server, 'releaseManager2', DEMO_ID, snapshotId)
    expect([a.status, b.status]).toEqual([201, 201])
    expect((await approve(server, 'releaseManager2', a.body.id)).status).toBe(200)
    const listed = await call(server, 'GET', `/api/models/${DEMO_ID}/promotions?status=pending`, {
      token: server.tokenOf('viewer'),
    })
    expect(
      listed.body.promotions.map((p: { id: string; stale: boolean }) => [p.id, p.stale]),
    ).toEqual([[b.body.id, true]])
    const stale = await approve(server, 'releaseManager', b.body.id)
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({
      code: 'stale-request',
      basedOnVersion: 0,
      currentVersion: 1,
    })
    const again = await approve(server, 'releaseManager2', a.body.id)
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('request-not-pending')
  })

  test('a release manager rejects a request with a reason; a decided request cannot be approved', async () => {
    server = await startPromotionServer()
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const requested = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    const noReason = await call(server, 'POST', `/api/promotions/${requested.body.id}/reject`, {
      token: server.tokenOf('releaseManager2'),
      body: { reason: '  ' },
    })
    expect(noReason.status).toBe(422)
    const rejected = await call(server, 'POST', `/api/promotions/${requested.body.id}/reject`, {
      token: server.tokenOf('releaseManager2'),
      body: { reason: 'the tiers are too generous' },
    })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      reason: 'the tiers are too generous',
      decidedBy: { id: 'remy' },
    })
    const approved = await approve(server, 'releaseManager2', requested.body.id)
    expect(approved.status).toBe(409)
    expect(approved.body.code).toBe('request-not-pending')
    const audit = await call(server, 'GET', `/api/audit?modelId=${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'snapshot.taken',
      'promotion.requested',
      'promotion.rejected',
    ])
  })

  test('unknown models, snapshots and requests are 404 with their own codes', async () => {
    server = await startPromotionServer()
    const rm = server.tokenOf('releaseManager')
    const snapshotId = await importAndSnapshot(server, SMALL_MODEL)
    expect((await requestPromotion(server, 'releaseManager', 'nope', snapshotId)).body.code).toBe(
      'model-not-found',
    )
    // A snapshot of another model is not a snapshot of this one.
    const other = await requestPromotion(server, 'releaseManager', DEMO_ID, snapshotId)
    expect([other.status, other.body.code]).toEqual([404, 'snapshot-not-found'])
    const approveNone = await call(server, 'POST', '/api/promotions/nope/approve', { token: rm })
    expect([approveNone.status, approveNone.body.code]).toEqual([404, 'promotion-not-found'])
  })
})

function withWeights(model: Model, weights: Record<string, number>): Model {
  return {
    ...model,
    factors: model.factors.map((f) => ({ ...f, weight: weights[f.id] ?? f.weight })),
  }
}
