import type { Factor, Model } from '../shared/model-schema.ts'
import type { ScoreOptions, ScoreResult } from '../shared/score-result-schema.ts'
import type { CompiledFactor } from './compile-factor.ts'
import { compileModel, type CompiledModel } from './compile-model.ts'
import { columnOf, type LeadColumns } from './lead-columns.ts'
import { prepareColumn, type PreparedColumn } from './prepare-column.ts'
import { BLOCK, assignTiers, type ColumnScores } from './score-columns.ts'

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
  /** One lead's full result, as scoreLead gives it. */
  result(row: number): ScoreResult
}

/** What a factor's values depend on; a weight or label change keeps them. */
function valueKey(f: Factor): string {
  return JSON.stringify([f.field, f.missing, f.transform])
}

/** Scores a dataset column by column and caches each factor's values for incremental re-scoring. */
export function createColumnScorer(
  data: LeadColumns,
  model: Model,
  { asOf }: ScoreOptions,
): ColumnScorer {
  const n = data.length
  const prepared = new Map<string, PreparedColumn>()
  let cache = new Map<string, Float64Array>()
  const scorer = {
    length: n,
    compiled: compileModel(model),
    values: [] as Float64Array[],
    totals: new Float64Array(n),
    tierIndex: new Int8Array(n),
    update,
    result,
  }

  function preparedFor(f: CompiledFactor): PreparedColumn {
    const key = `${f.reader}\u0000${f.field}`
    let column = prepared.get(key)
    if (!column) {
      column = prepareColumn(columnOf(data, f.field), f.reader)
      prepared.set(key, column)
    }
    return column
  }

  function update(next: Model): RescoreStats {
    const compiled = compileModel(next)
    const nextCache = new Map<string, Float64Array>()
    const recomputed: string[] = []
    const values = compiled.factors.map((f, i) => {
      const key = valueKey(next.factors[i] as Factor)
      let v = nextCache.get(key) ?? cache.get(key)
      if (!v) {
        v = new Float64Array(n)
        f.fill(preparedFor(f), 0, n, v, 0, asOf)
        recomputed.push(f.id)
      }
      nextCache.set(key, v)
      return v
    })
    cache = nextCache
    scorer.compiled = compiled
    scorer.values = values
    dotProduct(compiled.weights, values, scorer.totals)
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

  update(model)
  return scorer
}

/** totals = Σ w_f × v_f in factor order, block by block so each block's totals stay in cache. */
function dotProduct(
  weights: Float64Array,
  values: readonly Float64Array[],
  totals: Float64Array,
): void {
  const n = totals.length
  totals.fill(0)
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK)
    for (let f = 0; f < values.length; f++) {
      const w = weights[f] as number
      const v = values[f] as Float64Array
      for (let i = start; i < end; i++) totals[i] = (totals[i] as number) + w * (v[i] as number)
    }
  }
}
