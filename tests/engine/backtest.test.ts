import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { backtest, type ScoredLeads } from '../../engine/backtest.ts'
import { createRankBuffers } from '../../engine/rank-outcomes.ts'
import { readOutcomes } from '../../engine/read-outcomes.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { checkProperty, SEED } from './support/seed.ts'

const TIERS = ['A', 'B', 'C']

/** Scored leads as a scorer holds them; tiers by fixed cut-offs so they are easy to check. */
function scored(totals: readonly number[]): ScoredLeads {
  return {
    totals: Float64Array.from(totals),
    tierIndex: Int8Array.from(totals, (t) => (t >= 0.6 ? 0 : t >= 0.3 ? 1 : 2)),
    compiled: { tierNames: TIERS },
  }
}

/** The reference: every converter against every non-converter, ties counting one half. */
function pairwiseAuc(totals: readonly number[], outcomes: readonly number[]): number {
  let wins = 0
  let pairs = 0
  totals.forEach((a, i) => {
    if (outcomes[i] !== 1) return
    totals.forEach((b, j) => {
      if (outcomes[j] !== 0) return
      pairs++
      wins += a > b ? 1 : a === b ? 0.5 : 0
    })
  })
  return wins / pairs
}

/** DeLong's variance computed from its definition, pair by pair. */
function pairwiseDeLongHalfWidth(totals: readonly number[], outcomes: readonly number[]): number {
  const psi = (a: number, b: number): number => (a > b ? 1 : a === b ? 0.5 : 0)
  const pos = totals.filter((_, i) => outcomes[i] === 1)
  const neg = totals.filter((_, i) => outcomes[i] === 0)
  const v10 = pos.map((a) => neg.reduce((s, b) => s + psi(a, b), 0) / neg.length)
  const v01 = neg.map((b) => pos.reduce((s, a) => s + psi(a, b), 0) / pos.length)
  const variance = (xs: number[]): number => {
    if (xs.length < 2) return 0
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)
  }
  return 1.959963984540054 * Math.sqrt(variance(v10) / pos.length + variance(v01) / neg.length)
}

/** Deciles from DESIGN.md, written out: a stable sort by total descending, then the position ranges. */
function referenceDeciles(totals: readonly number[], outcomes: readonly number[]) {
  const kept = totals.map((t, i) => ({ t, o: outcomes[i] as number })).filter((l) => l.o >= 0)
  const order = [...kept].sort((a, b) => b.t - a.t)
  const n = order.length
  const overall = kept.filter((l) => l.o === 1).length / n
  return Array.from({ length: 10 }, (_, k) => {
    const d = k + 1
    const slice = order.slice(Math.floor(((d - 1) * n) / 10), Math.floor((d * n) / 10))
    const positives = slice.filter((l) => l.o === 1).length
    const rate = slice.length === 0 ? 0 : positives / slice.length
    return { decile: d, leads: slice.length, positives, rate, lift: rate / overall }
  })
}

// Few distinct totals, so that many leads tie; outcomes include unknown ones (-1).
const leadsArb = fc.array(
  fc.record({
    total: fc.oneof(
      fc.constantFrom(0, 0.25, 0.5, 0.75, 1),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
    outcome: fc.constantFrom(-1, 0, 0, 1),
  }),
  { minLength: 0, maxLength: 120 },
)

describe('backtest', () => {
  test('AUC, interval and deciles equal the pairwise reference on random leads with ties', () => {
    checkProperty(
      fc.property(leadsArb, (leads) => {
        const totals = leads.map((l) => l.total)
        const outcomes = leads.map((l) => l.outcome)
        const positives = outcomes.filter((o) => o === 1).length
        const negatives = outcomes.filter((o) => o === 0).length
        const result = backtest(scored(totals), Int8Array.from(outcomes))
        if (positives === 0 || negatives === 0) {
          expect(result.ok).toBe(false)
          return
        }
        if (!result.ok) throw new Error(result.message)
        const auc = pairwiseAuc(totals, outcomes)
        expect(result.backtest.auc).toBeCloseTo(auc, 12)
        const half = pairwiseDeLongHalfWidth(totals, outcomes)
        expect(result.backtest.aucInterval[0]).toBeCloseTo(Math.max(0, auc - half), 9)
        expect(result.backtest.aucInterval[1]).toBeCloseTo(Math.min(1, auc + half), 9)
        expect(result.backtest.leads).toBe(positives + negatives)
        expect(result.backtest.positives).toBe(positives)
        expect(result.backtest.deciles).toEqual(referenceDeciles(totals, outcomes))
      }),
      300,
    )
  })

  test('large inputs (several bucket passes) agree with a stable comparison sort', () => {
    checkProperty(
      fc.property(
        fc.integer({ min: 1000, max: 6000 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom(3, 50, 1e6),
        (n, seed, levels) => {
          const random = seededRandom(seed)
          // Quantised normal-ish totals: dense ties in the middle, a long sparse tail.
          const totals = Array.from({ length: n }, () => {
            const x = (random() + random() + random()) / 3
            return Math.round(x * x * levels) / levels
          })
          const outcomes = totals.map((t) => (random() < 0.05 ? -1 : random() < t ? 1 : 0))
          const result = backtest(scored(totals), Int8Array.from(outcomes))
          if (!result.ok) throw new Error(result.message)
          expect(result.backtest.deciles).toEqual(referenceDeciles(totals, outcomes))
          expect(result.backtest.auc).toBeCloseTo(pairwiseAuc(totals, outcomes), 12)
        },
      ),
      12,
    )
  })

  test('backtests that reuse one set of buffers, larger and smaller in turn, match fresh ones', () => {
    const buffers = createRankBuffers()
    const random = seededRandom(SEED)
    for (const n of [5000, 40, 3000, 1, 800, 5000]) {
      const totals = Array.from({ length: n }, () => Math.round(random() * 200) / 200)
      const outcomes = Int8Array.from(totals, (t, i) =>
        i === 0 ? 1 : i === 1 ? 0 : random() < t ? 1 : 0,
      )
      const shared = backtest(scored(totals), outcomes, buffers)
      const fresh = backtest(scored(totals), outcomes)
      expect(shared, `n = ${n}, seed ${SEED}`).toEqual(fresh)
    }
  })

  test('deciles keep tied leads in input order and split n = 13 as the definition says', () => {
    // Thirteen leads all tied: deciles follow input order, so the converters (rows 0 and 12) land in
    // the first and the last decile; sizes are floor(d·13/10) − floor((d−1)·13/10).
    const totals = new Array<number>(13).fill(0.5)
    const outcomes = totals.map((_, i) => (i === 0 || i === 12 ? 1 : 0))
    const result = backtest(scored(totals), Int8Array.from(outcomes))
    if (!result.ok) throw new Error(result.message)
    expect(result.backtest.deciles.map((d) => d.leads)).toEqual([1, 1, 1, 2, 1, 1, 2, 1, 1, 2])
    expect(result.backtest.deciles.map((d) => d.positives)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    expect(result.backtest.auc).toBe(0.5)
    expect(result.backtest.deciles[0]?.lift).toBeCloseTo(13 / 2, 12)
  })

  test('fewer than ten leads leave some deciles empty, with rate and lift 0', () => {
    const result = backtest(scored([0.9, 0.1, 0.5]), Int8Array.from([1, 0, 0]))
    if (!result.ok) throw new Error(result.message)
    expect(result.backtest.deciles.map((d) => d.leads)).toEqual([0, 0, 0, 1, 0, 0, 1, 0, 0, 1])
    expect(result.backtest.deciles[0]).toEqual({
      decile: 1,
      leads: 0,
      positives: 0,
      rate: 0,
      lift: 0,
    })
    expect(result.backtest.auc).toBe(1)
  })

  test('tiers count leads, converters and rate; unknown outcomes are left out', () => {
    const outcomes = readOutcomes(['yes', 'no', true, '0', 'maybe', null, 1, 'false', ' yes'])
    const totals = [0.9, 0.8, 0.5, 0.4, 0.95, 0.1, 0.1, 0.2, 0.7]
    const result = backtest(scored(totals), outcomes)
    if (!result.ok) throw new Error(result.message)
    expect(result.backtest.leads).toBe(6)
    expect(result.backtest.tiers).toEqual([
      { name: 'A', leads: 2, positives: 1, rate: 0.5 },
      { name: 'B', leads: 2, positives: 1, rate: 0.5 },
      { name: 'C', leads: 2, positives: 1, rate: 0.5 },
    ])
  })

  test('no outcome, no converter or no non-converter is a problem value, not an exception', () => {
    const totals = [0.1, 0.2]
    const codeOf = (outcomes: unknown[]): string | undefined => {
      const result = backtest(scored(totals), readOutcomes(outcomes))
      return result.ok ? undefined : result.code
    }
    expect(codeOf(['?', ''])).toBe('no-outcomes')
    expect(codeOf(['no', 0])).toBe('no-positives')
    expect(codeOf(['yes', 1])).toBe('no-negatives')
  })

  test('a NaN total (a broken draft) ranks below every number', () => {
    const result = backtest(scored([NaN, 0.2, 0]), Int8Array.from([0, 1, 0]))
    if (!result.ok) throw new Error(result.message)
    expect(result.backtest.auc).toBe(1)
  })
})
