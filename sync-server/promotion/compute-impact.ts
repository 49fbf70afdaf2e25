import { analyzeImpact } from '../../engine/analyze-impact.ts'
import type { ColumnScorer } from '../../engine/create-column-scorer.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'

/** How many leads with the largest change a promotion request lists. */
export const TOP_MOVERS = 10

/** The impact of making `to` production instead of `from`, both scored over the same dataset. */
export function computeImpact(from: ColumnScorer, to: ColumnScorer): ImpactReport {
  return analyzeImpact(from, to, { topMovers: TOP_MOVERS })
}
