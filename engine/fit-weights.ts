import type { FitPart, OutcomeProblem } from '../shared/backtest-schema.ts'
import { OUTCOME_PROBLEMS } from '../shared/backtest-schema.ts'
import type { Model } from '../shared/model-schema.ts'
import { checkOutcomeCounts } from './check-outcome-counts.ts'
import { fitNonnegativeLogistic } from './fit-nonnegative-logistic.ts'
import { measureAuc } from './measure-auc.ts'
import type { Outcomes } from './read-outcomes.ts'
import { rankOutcomes } from './rank-outcomes.ts'
import { splitOutcomes } from './split-outcomes.ts'

/** A dataset scored by a model, with each factor's values cached: a ColumnScorer fits. */
export interface FactorValues {
  readonly compiled: { readonly model: Model }
  /** Each factor's v per lead, in factor order. */
  readonly values: readonly Float64Array[]
}

export interface FitOptions {
  /** Share of the leads with an outcome held out of the fit, in (0, 1). */
  readonly holdout: number
  readonly seed: number
  readonly onProgress?: (fraction: number) => void
}

export interface WeightFit {
  readonly ok: true
  /** The model with the fitted weights; factors, transforms and tiers unchanged. */
  readonly model: Model
  readonly train: FitPart
  readonly holdout: FitPart
  readonly iterations: number
}

/** Weights are rounded to this many decimals: readable, and far below what moves an AUC. */
const DECIMALS = 4

/**
 * Fits weights that rank converters higher: logistic regression of the outcome on the factor values
 * with weights ≥ 0 (the intercept absorbs the base rate), scaled to sum to 1 — scaling keeps the
 * ranking, so the fitted AUC is the regression's. Reports AUC of the start and fitted weights on a
 * seeded, stratified train/holdout split, so overfitting shows.
 */
export function fitWeights(
  scored: FactorValues,
  outcomes: Outcomes,
  { holdout, seed, onProgress }: FitOptions,
): WeightFit | OutcomeProblem {
  let kept = 0
  let positives = 0
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i] as number
    if (o >= 0) {
      kept++
      positives += o
    }
  }
  const problem = checkOutcomeCounts(kept, positives)
  if (problem) return problem
  const split = splitOutcomes(outcomes, holdout, seed)
  const train = gather(scored.values, outcomes, split.train)
  const held = gather(scored.values, outcomes, split.holdout)
  if (!hasBothClasses(train.y) || !hasBothClasses(held.y)) {
    return {
      ok: false,
      code: OUTCOME_PROBLEMS.tooFewToSplit,
      message: `${kept} leads with an outcome (${positives} converted) are too few to split into train and holdout parts that both hold converters and non-converters`,
    }
  }
  const start = scored.compiled.model.factors.map((f) => f.weight)
  const fit = fitNonnegativeLogistic(train.x, train.y, { onProgress })
  const weights = toSimplex(Array.from(fit.weights), start)
  const model = {
    ...scored.compiled.model,
    factors: scored.compiled.model.factors.map((f, i) => ({ ...f, weight: weights[i] as number })),
  }
  return {
    ok: true,
    model,
    train: comparePart(train, start, weights),
    holdout: comparePart(held, start, weights),
    iterations: fit.iterations,
  }
}

/** Non-negative weights scaled to sum to 1 and rounded, the rounding residue on the largest; all zero keeps `start`. */
function toSimplex(raw: number[], start: readonly number[]): number[] {
  const sum = raw.reduce((a, w) => a + w, 0)
  if (!(sum > 0)) return [...start]
  const scale = 10 ** DECIMALS
  const rounded = raw.map((w) => Math.round((w / sum) * scale))
  const largest = rounded.indexOf(Math.max(...rounded))
  rounded[largest] = (rounded[largest] as number) + scale - rounded.reduce((a, w) => a + w, 0)
  return rounded.map((w) => w / scale)
}

interface Part {
  readonly x: Float64Array[]
  readonly y: Int8Array
}

/** The factor values and outcomes of the given rows, contiguous so the fit streams through them. */
function gather(values: readonly Float64Array[], outcomes: Outcomes, rows: Int32Array): Part {
  const x = values.map((column) => {
    const out = new Float64Array(rows.length)
    for (let k = 0; k < rows.length; k++) out[k] = column[rows[k] as number] as number
    return out
  })
  const y = new Int8Array(rows.length)
  for (let k = 0; k < rows.length; k++) y[k] = outcomes[rows[k] as number] as number
  return { x, y }
}

function hasBothClasses(y: Int8Array): boolean {
  const positives = y.reduce((a, b) => a + b, 0)
  return positives > 0 && positives < y.length
}

function comparePart(part: Part, start: readonly number[], fitted: readonly number[]): FitPart {
  return {
    leads: part.y.length,
    positives: part.y.reduce((a, b) => a + b, 0),
    startAuc: aucOfWeights(part, start),
    fittedAuc: aucOfWeights(part, fitted),
  }
}

/** AUC of Σ w × v in factor order (the engine's total) over one part. */
function aucOfWeights(part: Part, weights: readonly number[]): number {
  const n = part.y.length
  const keys = new Float64Array(n)
  part.x.forEach((column, f) => {
    const w = weights[f] as number
    for (let i = 0; i < n; i++) keys[i] = (keys[i] as number) + w * (column[i] as number)
  })
  const ranked = rankOutcomes(keys, part.y, n)
  return measureAuc(ranked.totals, ranked.positive).auc
}
