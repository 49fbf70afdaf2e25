import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { ReferenceDataset } from '../datasets/reference-data.ts'

/** How many leads with the largest change a promotion request lists. */
export const TOP_MOVERS = 10

/** The impact of making `to` production instead of `from`, both scored over the dataset at `asOf`. */
export function computeImpact(
  data: ReferenceDataset,
  from: Model,
  to: Model,
  asOf: number,
): ImpactReport {
  const before = createColumnScorer(data.columns, from, { asOf })
  const after = createColumnScorer(data.columns, to, { asOf })
  return analyzeImpact(before, after, { topMovers: TOP_MOVERS })
}
