import type { Factor, Model } from '../shared/model-schema.ts'
import type { ScoreOptions, ScoreResult } from '../shared/score-result-schema.ts'
import type { CompiledFactor } from './compile-factor.ts'
import type { FactorSource } from './factor-kernel.ts'
import { compileModel, type CompiledModel } from './compile-model.ts'
import { columnOf, type LeadColumns } from './lead-columns.ts'
import { addWeighted } from './add-weighted.ts'
import { BLOCK, assignTiers, sourceOf, type ColumnScores } from './score-columns.ts'

/** What an update had to redo: the factors whose values were recomputed (a weight-only change has none). */
export interface RescoreStats {
  readonly recomputed: readonly string[]
}

/** A dataset scored by one model, kept so that the next model re-scores incrementally. */
export interface ColumnScorer extends ColumnScores {
  readonly length: number
  readonly compiled: CompiledModel
  /** Each factor's v per lead, in factor order. */
  readonly values: readonly Float64Array[]
  /** Re-scores with a new model: weights and tiers only → one dot product; a changed factor → that factor. */
  update(model: Model): RescoreStats
  /**
   * A new scorer of the same dataset and date for another model (a draft beside production, the
   * "to" model of an impact), which starts from this one's factor values: it computes only the
   * factors whose values differ, and shares the others' arrays instead of holding copies. Neither
   * scorer ever writes an array it shares, so each can go on updating without touching the other.
   */
  derive(model: Model): DerivedScorer
  /** One lead's full result, as scoreLead gives it. */
  result(row: number): ScoreResult
}

/** A scorer derived from another, and the factors it had to compute itself. */
export interface DerivedScorer {
  readonly scorer: ColumnScorer
  readonly stats: RescoreStats
}

/** What a factor's values depend on; a weight or label change keeps them. */
function valueKey(f: Factor): string {
  return JSON.stringify([f.field, f.missing, f.transform])
}

/** Scores a dataset column by column and caches each factor's values for incremental re-scoring. */
export function createColumnScorer(
  data: LeadColumns,
  model: Model,
  options: ScoreOptions,
): ColumnScorer {
  return scorerOf(data, model, options, new Map(), new Map()).scorer
}

/**
 * A scorer whose caches start as `sources` (each field's column as its factors read it) and
 * `initial` (factor values by valueKey), both computed from the same data and date.
 */
function scorerOf(
  data: LeadColumns,
  model: Model,
  options: ScoreOptions,
  sources: Map<string, FactorSource>,
  initial: Map<string, Float64Array>,
): DerivedScorer {
  const { asOf } = options
  const n = data.length
  let cache = initial
  const scorer = {
    length: n,
    compiled: compileModel(model),
    values: [] as Float64Array[],
    totals: new Float64Array(n),
    tierIndex: new Int8Array(n),
    update,
    result,
    derive: (next: Model) => scorerOf(data, next, options, sources, cache),
  }

  function sourceFor(f: CompiledFactor): FactorSource {
    const key = `${f.reader}\u0000${f.field}`
    let column = sources.get(key)
    if (!column) {
      column = sourceOf(columnOf(data, f.field), f.reader)
      sources.set(key, column)
    }
    return column
  }

  function update(next: Model): RescoreStats {
    const compiled = compileModel(next)
    const nextCache = new Map<string, Float64Array>()
    const recomputed: string[] = []
    const stale: Stale[] = []
    const values = compiled.factors.map((f, i) => {
      const key = valueKey(next.factors[i] as Factor)
      let v = nextCache.get(key) ?? cache.get(key)
      if (!v) {
        v = new Float64Array(n)
        stale.push({ factor: f, source: sourceFor(f), values: v })
        recomputed.push(f.id)
      }
      nextCache.set(key, v)
      return v
    })
    cache = nextCache
    scorer.compiled = compiled
    scorer.values = values
    rescore(compiled.weights, values, stale, scorer.totals, asOf)
    assignTiers(compiled.tierMins, scorer.totals, scorer.tierIndex)
    return { recomputed }
  }

  function result(row: number): ScoreResult {
    const { factors, weights, tierNames } = scorer.compiled
    const contributions: Record<string, number> = {}
    factors.forEach((f, i) => {
      contributions[f.id] =
        (weights[i] as number) * ((scorer.values[i] as Float64Array)[row] as number)
    })
    const t = scorer.tierIndex[row] as number
    return {
      total: scorer.totals[row] as number,
      tier: t < 0 ? null : (tierNames[t] as string),
      contributions,
    }
  }

  return { scorer, stats: update(model) }
}

/** A factor whose values must be computed, and where they go. */
interface Stale {
  readonly factor: CompiledFactor
  readonly source: FactorSource
  readonly values: Float64Array
}

/**
 * totals = Σ w_f × v_f in factor order, block by block: the stale factors' values for a block are
 * computed first, then added with the others while they are still in cache.
 */
function rescore(
  weights: Float64Array,
  values: readonly Float64Array[],
  stale: readonly Stale[],
  totals: Float64Array,
  asOf: number,
): void {
  const n = totals.length
  totals.fill(0)
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK)
    for (const s of stale) s.factor.fill(s.source, start, end, s.values, start, asOf)
    addWeighted(totals, start, end, weights, 0, values, 0)
  }
}
