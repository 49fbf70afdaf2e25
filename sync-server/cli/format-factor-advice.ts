import type { FactorDiagnostics } from '../../shared/impact-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { formatTable } from './format-table.ts'

/** A factor missing for at least this share of leads mostly scores its `missing` value. */
const MOSTLY_MISSING = 0.5
/** A factor whose v varies less than this (standard deviation) shifts every lead alike. */
const FLAT_STD_DEV = 0.01
/** A weighted factor contributing less than this share of the summed score barely matters. */
const SMALL_SHARE = 0.02

/** The factor diagnostics as a table, then one advice line per thing worth a look. */
export function formatFactorAdvice(
  diagnostics: FactorDiagnostics,
  model: Model,
  label: string,
): string {
  const weightOf = new Map(model.factors.map((f) => [f.id, f.weight]))
  const table = formatTable([
    ['factor', 'weight', 'missing', 'share', 'sd of v', 'min v', 'max v'],
    ...diagnostics.factors.map((d) => [
      d.factorId,
      String(weightOf.get(d.factorId) ?? ''),
      pct(d.missingRate),
      pct(d.share),
      d.spread.stdDev.toFixed(3),
      d.spread.min.toFixed(3),
      d.spread.max.toFixed(3),
    ]),
  ])
  const advice: string[] = []
  for (const d of diagnostics.factors) {
    const weight = weightOf.get(d.factorId) ?? 0
    if (d.missingRate >= MOSTLY_MISSING) {
      advice.push(
        `${d.factorId} is missing for ${pct(d.missingRate)} of leads: it mostly scores its missing value`,
      )
    }
    if (d.spread.stdDev < FLAT_STD_DEV) {
      advice.push(
        `${d.factorId} barely varies (sd ${d.spread.stdDev.toFixed(4)}): it shifts every lead alike`,
      )
    } else if (weight > 0 && d.share < SMALL_SHARE) {
      advice.push(
        `${d.factorId} gives only ${pct(d.share)} of the total score: its weight barely matters`,
      )
    }
  }
  for (const pair of diagnostics.correlatedPairs) {
    advice.push(
      `${pair.a} and ${pair.b} correlate (r = ${pair.r.toFixed(2)}): one adds little beside the other`,
    )
  }
  const lines =
    advice.length === 0 ? ['no advice: every factor varies and is mostly present'] : advice
  return `\nFactors of ${label} on this dataset\n${table}\nAdvice\n${lines.map((l) => `  - ${l}\n`).join('')}`
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`
}
