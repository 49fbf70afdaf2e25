import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyzeImpact, HISTOGRAM_BINS } from '../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { columnsFromLeads } from '../../engine/lead-columns.ts'
import { rankTotals } from '../../engine/rank-totals.ts'
import type { Model } from '../../shared/model-schema.ts'

const asOf = Date.UTC(2026, 0, 1)

const from: Model = {
  id: 'from',
  name: 'From',
  factors: [
    {
      id: 'size',
      label: 'Size',
      field: 'size',
      weight: 0.5,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 100 },
    },
    {
      id: 'fit',
      label: 'Fit',
      field: 'fit',
      weight: 0.5,
      missing: 0,
      transform: { kind: 'category', map: { a: 1, b: 0.5 }, default: 0 },
    },
  ],
  tiers: [
    { name: 'hot', min: 0.6 },
    { name: 'cold', min: 0 },
  ],
}
const to: Model = {
  ...from,
  id: 'to',
  factors: from.factors.map((f) => ({ ...f, weight: f.id === 'size' ? 0.8 : 0.2 })),
}

/** Ranks by a plain comparison sort with tie averaging: the textbook definition the fast path must match. */
function naiveRanks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1
    i = j + 1
  }
  return ranks
}

function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, x) => s + x, 0) / a.length
  const mb = b.reduce((s, x) => s + x, 0) / b.length
  let ab = 0
  let aa = 0
  let bb = 0
  a.forEach((x, i) => {
    ab += (x - ma) * (b[i]! - mb)
    aa += (x - ma) ** 2
    bb += (b[i]! - mb) ** 2
  })
  return ab / Math.sqrt(aa * bb)
}

describe('analyzeImpact', () => {
  const leads = [
    { size: 10, fit: 'a' },
    { size: 90, fit: 'c' },
    { size: 50, fit: 'b' },
    { size: 100, fit: 'a' },
    { size: '', fit: 'b' },
    { size: 70, fit: null },
  ]
  const data = columnsFromLeads(leads)
  const a = createColumnScorer(data, from, { asOf })
  const b = createColumnScorer(data, to, { asOf })
  const report = analyzeImpact(a, b, { topMovers: 3 })

  test('tier counts and the migration matrix agree with each lead scored under both models', () => {
    const fromTiers = leads.map((_, i) => a.result(i).tier)
    const toTiers = leads.map((_, i) => b.result(i).tier)
    expect(report.migration.fromTiers).toEqual(['hot', 'cold', null])
    const expected = report.migration.fromTiers.map((ft) =>
      report.migration.toTiers.map(
        (tt) => leads.filter((_, i) => fromTiers[i] === ft && toTiers[i] === tt).length,
      ),
    )
    expect(report.migration.counts).toEqual(expected)
    expect(report.changedTier).toBe(leads.filter((_, i) => fromTiers[i] !== toTiers[i]).length)
    expect(report.changedTier).toBeGreaterThan(0)
    expect(report.from.tierCounts).toEqual([
      { tier: 'hot', count: fromTiers.filter((t) => t === 'hot').length },
      { tier: 'cold', count: fromTiers.filter((t) => t === 'cold').length },
    ])
  })

  test('mean, median and histograms describe the totals', () => {
    const totals = leads.map((_, i) => b.result(i).total).sort((x, y) => x - y)
    expect(report.to.mean).toBeCloseTo(totals.reduce((s, x) => s + x, 0) / totals.length, 12)
    expect(report.to.median).toBe((totals[2]! + totals[3]!) / 2)
    expect(report.to.histogram).toHaveLength(HISTOGRAM_BINS)
    expect(report.to.histogram.reduce((s, c) => s + c, 0)).toBe(leads.length)
    const lead90 = b.result(1).total // 0.8 × 0.9 = 0.72 → bin 14 of 20
    expect(report.to.histogram[Math.floor(lead90 * HISTOGRAM_BINS)]).toBeGreaterThan(0)
  })

  test('top movers are the largest |Δ| with the factor that moved them most', () => {
    const deltas = leads.map((_, i) => b.result(i).total - a.result(i).total)
    const expected = deltas
      .map((d, row) => ({ row, d }))
      .filter((x) => x.d !== 0)
      .sort((x, y) => Math.abs(y.d) - Math.abs(x.d) || x.row - y.row)
      .slice(0, 3)
    expect(report.topMovers.map((m) => m.row)).toEqual(expected.map((x) => x.row))
    const top = report.topMovers[0]!
    const ra = a.result(top.row).contributions
    const rb = b.result(top.row).contributions
    const byFactor = Object.keys(ra).map((id) => ({ id, d: rb[id]! - ra[id]! }))
    const most = byFactor.sort((x, y) => Math.abs(y.d) - Math.abs(x.d))[0]!
    expect(top.factorId).toBe(most.id)
    expect(top.factorDelta).toBe(most.d)
  })

  test('Spearman equals the textbook definition, ties included', () => {
    const ta = leads.map((_, i) => a.result(i).total)
    const tb = leads.map((_, i) => b.result(i).total)
    expect(report.spearman).toBeCloseTo(pearson(naiveRanks(ta), naiveRanks(tb)), 12)
  })

  test('a model compared with itself moves nothing', () => {
    const same = analyzeImpact(a, a)
    expect(same.changedTier).toBe(0)
    expect(same.spearman).toBe(1)
    expect(same.topMovers).toEqual([])
  })
})

describe('rankTotals', () => {
  test('matches a comparison sort with tie averaging on any input (seeded)', () => {
    const seed = 20261121
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 0.5, 1)),
          { maxLength: 400 },
        ),
        (values) => {
          const { sorted, ranks } = rankTotals(Float64Array.from(values))
          expect(Array.from(sorted, (x) => x + 0)).toEqual(
            [...values].sort((x, y) => x - y).map((x) => x + 0),
          )
          expect(Array.from(ranks)).toEqual(naiveRanks(values))
        },
      ),
      { seed, numRuns: 300 },
    )
  })
})
