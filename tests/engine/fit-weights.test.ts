import { describe, expect, test } from 'vitest'
import { backtest } from '../../engine/backtest.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { fitWeights } from '../../engine/fit-weights.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { splitOutcomes } from '../../engine/split-outcomes.ts'
import { validateModel } from '../../engine/validate-model.ts'
import type { Model } from '../../shared/model-schema.ts'
import { SEED } from './support/seed.ts'

const TRUE_WEIGHTS = [0.32, 0.22, 0.16, 0.12, 0.09, 0.06, 0.03, 0]
const LEADS = 40_000

/** Factor values uniform in [0, 1] (linear 0..1 reads them as they are) and conversions drawn from the true weights. */
function generate(seed: number): { data: LeadColumns; outcomes: Int8Array } {
  const random = seededRandom(seed)
  const columns: Record<string, Float64Array> = {}
  TRUE_WEIGHTS.forEach((_, f) => (columns[`f${f}`] = new Float64Array(LEADS)))
  const outcomes = new Int8Array(LEADS)
  for (let i = 0; i < LEADS; i++) {
    let total = 0
    TRUE_WEIGHTS.forEach((w, f) => {
      const v = random()
      ;(columns[`f${f}`] as Float64Array)[i] = v
      total += w * v
    })
    outcomes[i] = random() < 1 / (1 + Math.exp(-(10 * total - 6))) ? 1 : 0
  }
  return { data: { length: LEADS, columns }, outcomes }
}

function modelWith(weights: readonly number[]): Model {
  return {
    id: 'known',
    name: 'Known weights',
    factors: weights.map((weight, f) => ({
      id: `f${f}`,
      label: `f${f}`,
      field: `f${f}`,
      weight,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 1 },
    })),
    tiers: [
      { name: 'A', min: 0.5 },
      { name: 'B', min: 0 },
    ],
  }
}

/** Spearman's rho of two short lists (average ranks for ties). */
function rankCorrelation(a: readonly number[], b: readonly number[]): number {
  const ranks = (xs: readonly number[]): number[] =>
    xs.map((x) => {
      const below = xs.filter((y) => y < x).length
      const equal = xs.filter((y) => y === x).length
      return below + (equal + 1) / 2
    })
  const ra = ranks(a)
  const rb = ranks(b)
  const mean = (a.length + 1) / 2
  let ab = 0
  let aa = 0
  let bb = 0
  ra.forEach((x, i) => {
    const y = rb[i] as number
    ab += (x - mean) * (y - mean)
    aa += (x - mean) ** 2
    bb += (y - mean) ** 2
  })
  return ab / Math.sqrt(aa * bb)
}

describe('fitWeights', () => {
  test('recovers known weights from conversions drawn from them', () => {
    const { data, outcomes } = generate(SEED)
    const flat = TRUE_WEIGHTS.map(() => 1 / TRUE_WEIGHTS.length)
    const scorer = createColumnScorer(data, modelWith(flat), { asOf: 0 })
    const fit = fitWeights(scorer, outcomes, { holdout: 0.3, seed: SEED })
    if (!fit.ok) throw new Error(fit.message)
    const weights = fit.model.factors.map((f) => f.weight)
    const replay = `seed ${SEED} (replay: ENGINE_TEST_SEED=${SEED} npx vitest run tests/engine/fit-weights.test.ts)`
    expect(rankCorrelation(weights, TRUE_WEIGHTS), replay).toBeGreaterThan(0.95)
    weights.forEach((w, f) =>
      expect(Math.abs(w - (TRUE_WEIGHTS[f] as number)), replay).toBeLessThan(0.03),
    )

    // The true weights' AUC on the same holdout leads, through the backtest itself.
    const split = splitOutcomes(outcomes, 0.3, SEED)
    const holdoutOnly = Int8Array.from(outcomes, (o, i) => (split.holdout.includes(i) ? o : -1))
    const truth = backtest(
      createColumnScorer(data, modelWith(TRUE_WEIGHTS), { asOf: 0 }),
      holdoutOnly,
    )
    if (!truth.ok) throw new Error(truth.message)
    expect(fit.holdout.leads).toBe(truth.backtest.leads)
    expect(Math.abs(fit.holdout.fittedAuc - truth.backtest.auc), replay).toBeLessThan(0.01)
    expect(fit.holdout.fittedAuc, replay).toBeGreaterThan(fit.holdout.startAuc)
    expect(fit.train.leads + fit.holdout.leads).toBe(LEADS)
  })

  test('keeps factors, transforms and tiers; weights are ≥ 0 and the model validates', () => {
    const { data, outcomes } = generate(SEED + 1)
    const start = modelWith([0.5, 0, 0, 0, 0, 0, 0, 0.5])
    const fit = fitWeights(createColumnScorer(data, start, { asOf: 0 }), outcomes, {
      holdout: 0.25,
      seed: 7,
    })
    if (!fit.ok) throw new Error(fit.message)
    expect(fit.model.tiers).toEqual(start.tiers)
    expect(fit.model.factors.map(({ weight: _, ...rest }) => rest)).toEqual(
      start.factors.map(({ weight: _, ...rest }) => rest),
    )
    expect(fit.model.factors.every((f) => f.weight >= 0)).toBe(true)
    expect(validateModel(fit.model).ok).toBe(true)
  })

  test('the same seed gives the same fit; too few outcomes to split is a problem value', () => {
    const { data, outcomes } = generate(SEED + 2)
    const scorer = createColumnScorer(data, modelWith(TRUE_WEIGHTS), { asOf: 0 })
    const a = fitWeights(scorer, outcomes, { holdout: 0.3, seed: 3 })
    const b = fitWeights(scorer, outcomes, { holdout: 0.3, seed: 3 })
    expect(a).toEqual(b)
    const one = Int8Array.from(outcomes, (_, i) => (i < 3 ? (i === 0 ? 1 : 0) : -1))
    const few = fitWeights(scorer, one, { holdout: 0.3, seed: 3 })
    expect(few.ok ? 'ok' : few.code).toBe('too-few-to-split')
  })
})
