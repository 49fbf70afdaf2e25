import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { SHADOW_MOVERS } from '../../../shared/promotion-api-schemas.ts'
import type { ShadowTally } from '../../../sync-server/store/shadow-store.ts'
import type { Store } from '../../../sync-server/store/store.ts'
import { STORE_ADAPTERS, type StoreAdapter } from './store-adapters.ts'

const USER = { id: 'rita', name: 'Rita Release' }

/** A tally of one migration cell and the movers with these deltas. */
function tally(scored: number, deltas: number[], sumDelta = 0.5): ShadowTally {
  return {
    scored,
    tierChanged: 1,
    sumDelta,
    maxAbsDelta: Math.max(...deltas.map(Math.abs)),
    migration: { A: { B: 1, A: scored - 1 } },
    movers: deltas.map((delta, i) => ({
      lead: `lead-${delta}-${i}`,
      productionTotal: 0.5,
      candidateTotal: 0.5 + delta,
      productionTier: 'A',
      candidateTier: 'B',
      delta,
    })),
  }
}

describe.each(STORE_ADAPTERS)('shadow figures on the $name store', (adapter: StoreAdapter) => {
  let store: Store

  beforeEach(async () => {
    store = await adapter.open()
    await store.docs.append({
      docId: 'm',
      update: new Uint8Array([0]),
      user: USER,
      at: 1,
      changes: [],
    })
    await store.snapshots.insert(
      {
        id: 's1',
        modelId: 'm',
        label: 's1',
        hash: 'h',
        model: { id: 'm' } as never,
        findings: [],
        createdAt: 1,
        createdBy: USER,
      },
      new Uint8Array([0]),
    )
    await store.promotions.insert({
      id: 'r1',
      modelId: 'm',
      snapshotId: 's1',
      hash: 'h',
      note: null,
      datasetId: 'demo',
      asOf: 0,
      impact: null,
      backtest: null,
      findings: [],
      basedOnVersion: 0,
      status: 'pending',
      requestedAt: 1,
      requestedBy: USER,
      decidedAt: null,
      decidedBy: null,
      reason: null,
      version: null,
      scheduledFor: null,
      settledAt: null,
      settledBy: null,
    })
    return () => store.close()
  })
  afterAll(() => adapter.dispose())

  test('tallies add up: counts, sums, matrix cells, the maximum, and the top movers', async () => {
    expect(await store.shadow.get('r1')).toBeNull()
    expect(await store.shadow.add('r1', tally(3, [0.25, -0.5], 0.125), 10)).toBe(true)
    const many = Array.from({ length: SHADOW_MOVERS }, (_, i) => (i + 1) / 100)
    await Promise.all([
      store.shadow.add('r1', tally(4, [0.125, -0.75], 0.25), 20),
      store.shadow.add('r1', tally(5, many, -1), 30),
    ])
    const figures = (await store.shadow.get('r1'))!
    expect(figures).toMatchObject({
      scored: 12,
      tierChanged: 3,
      sumDelta: -0.625,
      maxAbsDelta: 0.75,
    })
    expect(figures.migration).toEqual({ A: { A: 9, B: 3 } })
    expect(figures.movers.map((m) => m.delta)).toEqual([
      -0.75, -0.5, 0.25, 0.125, 0.1, 0.09, 0.08, 0.07, 0.06, 0.05,
    ])
    expect(figures.movers[0]).toEqual({
      lead: 'lead--0.75-1',
      productionTotal: 0.5,
      candidateTotal: -0.25,
      productionTier: 'A',
      candidateTier: 'B',
      delta: -0.75,
    })
  })

  test('movers tied on |delta| keep the order they were added in', async () => {
    await store.shadow.add('r1', tally(1, [0.5]), 1)
    await store.shadow.add('r1', tally(1, [-0.5, 0.5]), 2)
    const figures = (await store.shadow.get('r1'))!
    expect(figures.movers.map((m) => m.lead)).toEqual(['lead-0.5-0', 'lead--0.5-0', 'lead-0.5-1'])
  })

  test('once decided, only tallies of leads scored before the decision are added', async () => {
    await store.shadow.add('r1', tally(2, [0.25]), 10)
    await store.promotions.decide('r1', {
      status: 'rejected',
      at: 100,
      by: USER,
      reason: 'no',
      version: null,
    })
    expect(await store.shadow.add('r1', tally(3, [0.5]), 100)).toBe(true)
    expect(await store.shadow.add('r1', tally(7, [0.9]), 101)).toBe(false)
    expect(await store.shadow.add('unknown', tally(7, [0.9]), 1)).toBe(false)
    expect(await store.shadow.get('r1')).toMatchObject({ scored: 5, maxAbsDelta: 0.5 })
    expect(await store.shadow.get('unknown')).toBeNull()
  })
})
