import { addWeighted } from './add-weighted.ts'
import type { ScoreOptions } from '../shared/score-result-schema.ts'
import type { CompiledFactor } from './compile-factor.ts'
import type { FactorSource } from './factor-kernel.ts'
import { TIER_EPSILON, tierIndexOf, type CompiledModel } from './compile-model.ts'
import type { LeadColumns } from './lead-columns.ts'
import { columnOf } from './lead-columns.ts'
import {
  prepareColumn,
  type PreparedColumn,
  type RawColumn,
  type Reader,
} from './prepare-column.ts'

/** Rows per block: a block's totals and one factor's values stay in L1/L2 while every factor is added. */
export const BLOCK = 4096

/** Totals and tier indices (into compiled.tierNames, -1 for none) of a scored dataset. */
export interface ColumnScores {
  readonly totals: Float64Array
  readonly tierIndex: Int8Array
}

/** Reads each factor's column once for its reader; factors reading the same field the same way share it. */
export function prepareFactorColumns(compiled: CompiledModel, data: LeadColumns): PreparedColumn[] {
  return perFactor(compiled, data, prepareColumn)
}

/** `read` of each factor's raw column, computed once per (reader, field) pair. */
function perFactor<T>(
  compiled: CompiledModel,
  data: LeadColumns,
  read: (raw: RawColumn, reader: Reader) => T,
): T[] {
  const cache = new Map<string, T>()
  return compiled.factors.map((f) => {
    const key = `${f.reader}\u0000${f.field}`
    let column = cache.get(key)
    if (column === undefined) {
      column = read(columnOf(data, f.field), f.reader)
      cache.set(key, column)
    }
    return column
  })
}

/** Rows per block of a full score: four factors' values for a block and its totals stay in L1. */
const SCORE_BLOCK = 1024

/**
 * What each factor's kernel reads. A Float64Array column is read in place by number, instant and
 * boolean kernels (they treat its NaN and ±Infinity exactly as preparing it would), an array column
 * by category kernels; any other column is prepared once. Factors reading the same field the same
 * way share it.
 */
export function factorSources(compiled: CompiledModel, data: LeadColumns): FactorSource[] {
  return perFactor(compiled, data, sourceOf)
}

/** One raw column as a kernel reads it (see factorSources). */
export function sourceOf(raw: RawColumn, reader: Reader): FactorSource {
  if (raw instanceof Float64Array) {
    return reader === 'category' ? prepareColumn(raw, reader) : { reader: 'typed', values: raw }
  }
  return reader === 'category' ? { reader: 'values', values: raw } : prepareColumn(raw, reader)
}

/**
 * Full columnar score: block by block, each factor's values are computed and added in factor
 * order. Four factors are added per pass over a block, in order, so the sum is the same
 * Σ weight × v, bit for bit, with a quarter of the loads and stores of the totals.
 */
export function scoreColumns(
  compiled: CompiledModel,
  data: LeadColumns,
  { asOf }: ScoreOptions,
  prepared: readonly FactorSource[] = factorSources(compiled, data),
): ColumnScores {
  const n = data.length
  const totals = new Float64Array(n)
  const scratch = [0, 1, 2, 3].map(() => new Float64Array(SCORE_BLOCK))
  // The scratch arrays of a pass of 1…4 factors, built once rather than sliced per block.
  const passes = scratch.map((_, k) => scratch.slice(0, k + 1))
  const { factors, weights } = compiled
  for (let start = 0; start < n; start += SCORE_BLOCK) {
    const end = Math.min(n, start + SCORE_BLOCK)
    for (let f = 0; f < factors.length; f += scratch.length) {
      const count = Math.min(scratch.length, factors.length - f)
      for (let k = 0; k < count; k++) {
        const factor = factors[f + k] as CompiledFactor
        factor.fill(
          prepared[f + k] as FactorSource,
          start,
          end,
          scratch[k] as Float64Array,
          0,
          asOf,
        )
      }
      addWeighted(totals, start, end, weights, f, passes[count - 1] as Float64Array[], start)
    }
  }
  return { totals, tierIndex: assignTiers(compiled.tierMins, totals) }
}

/** The tier index of every total (tierIndexOf for each, computed without a branch per tier). */
export function assignTiers(
  tierMins: Float64Array,
  totals: Float64Array,
  out = new Int8Array(totals.length),
): Int8Array {
  if (!isDescending(tierMins)) {
    for (let i = 0; i < totals.length; i++) out[i] = tierIndexOf(tierMins, totals[i] as number)
    return out
  }
  // With mins in descending order the tiers a total does not reach come first, so the first tier
  // it reaches is the count of those; NaN reaches none.
  const m = tierMins.length
  // Read once: an imported binding is loaded and checked at every use.
  const epsilon = TIER_EPSILON
  for (let i = 0; i < totals.length; i++) {
    const x = (totals[i] as number) + epsilon
    let above = 0
    for (let t = 0; t < m; t++) above += +((tierMins[t] as number) > x)
    out[i] = above === m || x !== x ? -1 : above
  }
  return out
}

function isDescending(mins: Float64Array): boolean {
  for (let t = 0; t < mins.length; t++) {
    const m = mins[t] as number
    if (m !== m || (t > 0 && m > (mins[t - 1] as number))) return false
  }
  return true
}
