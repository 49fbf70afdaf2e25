import type { ScoreOptions } from '../shared/score-result-schema.ts'
import { tierIndexOf, type CompiledModel } from './compile-model.ts'
import type { LeadColumns } from './lead-columns.ts'
import { columnOf } from './lead-columns.ts'
import { prepareColumn, type PreparedColumn } from './prepare-column.ts'

/** Rows per block: a block's totals and one factor's values stay in L1/L2 while every factor is added. */
export const BLOCK = 4096

/** Totals and tier indices (into compiled.tierNames, -1 for none) of a scored dataset. */
export interface ColumnScores {
  readonly totals: Float64Array
  readonly tierIndex: Int8Array
}

/** Reads each factor's column once for its reader; factors reading the same field the same way share it. */
export function prepareFactorColumns(compiled: CompiledModel, data: LeadColumns): PreparedColumn[] {
  const cache = new Map<string, PreparedColumn>()
  return compiled.factors.map((f) => {
    const key = `${f.reader}\u0000${f.field}`
    let column = cache.get(key)
    if (!column) {
      column = prepareColumn(columnOf(data, f.field), f.reader)
      cache.set(key, column)
    }
    return column
  })
}

/** Full columnar score: block by block, each factor's values are computed and added in factor order. */
export function scoreColumns(
  compiled: CompiledModel,
  data: LeadColumns,
  { asOf }: ScoreOptions,
  prepared: readonly PreparedColumn[] = prepareFactorColumns(compiled, data),
): ColumnScores {
  const n = data.length
  const totals = new Float64Array(n)
  const scratch = new Float64Array(BLOCK)
  const { factors, weights } = compiled
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK)
    for (let f = 0; f < factors.length; f++) {
      ;(factors[f] as (typeof factors)[number]).fill(
        prepared[f] as PreparedColumn,
        start,
        end,
        scratch,
        0,
        asOf,
      )
      addScaled(totals, start, end, weights[f] as number, scratch)
    }
  }
  return { totals, tierIndex: assignTiers(compiled.tierMins, totals) }
}

/** totals[start+i] += w × v[i]: the factor-order sum, bit for bit the same as scoring lead by lead. */
export function addScaled(
  totals: Float64Array,
  start: number,
  end: number,
  w: number,
  v: Float64Array,
): void {
  for (let i = start; i < end; i++) totals[i] = (totals[i] as number) + w * (v[i - start] as number)
}

/** The tier index of every total. */
export function assignTiers(
  tierMins: Float64Array,
  totals: Float64Array,
  out = new Int8Array(totals.length),
): Int8Array {
  for (let i = 0; i < totals.length; i++) out[i] = tierIndexOf(tierMins, totals[i] as number)
  return out
}
