import type { FactorDiagnostic, FactorDiagnostics } from '../shared/impact-schema.ts'
import type { ColumnScorer } from './create-column-scorer.ts'
import type { LeadColumns } from './lead-columns.ts'
import type { PreparedColumn } from './prepare-column.ts'
import { prepareFactorColumns } from './score-columns.ts'

/** |r| above this and one factor adds little beside the other. */
export const REDUNDANT_CORRELATION = 0.9

/** Advice on why a model behaves as it does on a dataset: missing rates, spread, share, redundant pairs. */
export function diagnoseFactors(scorer: ColumnScorer, data: LeadColumns): FactorDiagnostics {
  const { factors, weights } = scorer.compiled
  const n = scorer.length
  const prepared = prepareFactorColumns(scorer.compiled, data)
  let grandTotal = 0
  for (let i = 0; i < n; i++) grandTotal += scorer.totals[i] as number
  const stats = scorer.values.map(moments)
  const diagnostics: FactorDiagnostic[] = factors.map((f, k) => {
    const s = stats[k] as Moments
    return {
      factorId: f.id,
      missingRate: n === 0 ? 0 : countMissing(prepared[k] as PreparedColumn) / n,
      spread: { stdDev: s.stdDev, min: s.min, max: s.max },
      share: grandTotal === 0 ? 0 : ((weights[k] as number) * s.sum) / grandTotal,
    }
  })
  const correlatedPairs: FactorDiagnostics['correlatedPairs'] = []
  for (let a = 0; a < factors.length; a++) {
    for (let b = a + 1; b < factors.length; b++) {
      const r = correlation(
        scorer.values[a] as Float64Array,
        scorer.values[b] as Float64Array,
        stats[a] as Moments,
        stats[b] as Moments,
      )
      if (Math.abs(r) > REDUNDANT_CORRELATION) {
        correlatedPairs.push({
          a: (factors[a] as { id: string }).id,
          b: (factors[b] as { id: string }).id,
          r,
        })
      }
    }
  }
  return { factors: diagnostics, correlatedPairs }
}

interface Moments {
  readonly sum: number
  readonly mean: number
  readonly stdDev: number
  readonly min: number
  readonly max: number
}

function moments(v: Float64Array): Moments {
  const n = v.length
  let sum = 0
  let min = n === 0 ? 0 : Infinity
  let max = n === 0 ? 0 : -Infinity
  for (let i = 0; i < n; i++) {
    const x = v[i] as number
    sum += x
    if (x < min) min = x
    if (x > max) max = x
  }
  const mean = n === 0 ? 0 : sum / n
  let squares = 0
  for (let i = 0; i < n; i++) squares += ((v[i] as number) - mean) ** 2
  return { sum, mean, stdDev: n === 0 ? 0 : Math.sqrt(squares / n), min, max }
}

/** Pearson r of two factors' values; 0 when either does not vary (a constant adds no ranking signal). */
function correlation(a: Float64Array, b: Float64Array, sa: Moments, sb: Moments): number {
  if (sa.stdDev === 0 || sb.stdDev === 0) return 0
  let cov = 0
  for (let i = 0; i < a.length; i++)
    cov += ((a[i] as number) - sa.mean) * ((b[i] as number) - sb.mean)
  return cov / a.length / (sa.stdDev * sb.stdDev)
}

/** Leads whose value this factor cannot use (absent, empty or unreadable for its transform). */
function countMissing(column: PreparedColumn): number {
  let missing = 0
  if (column.reader === 'category') {
    for (const code of column.codes) if (code < 0) missing++
  } else if (column.reader === 'boolean') {
    for (const b of column.values) if (b < 0) missing++
  } else {
    for (const x of column.values) if (Number.isNaN(x)) missing++
  }
  return missing
}
