import { backtest } from '../../engine/backtest.ts'
import type { ColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_OUTCOME_FIELD } from '../../engine/demo-leads.ts'
import { readOutcomes } from '../../engine/read-outcomes.ts'
import type { PromotionBacktest } from '../../shared/backtest-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { ReferenceDataset } from '../datasets/reference-data.ts'

/**
 * The outcome column a request is backtested on: the one the snapshot names, else a `converted`
 * column (the demo leads'); null when the dataset has neither.
 */
export function outcomeFieldOf(model: Model, data: ReferenceDataset): string | null {
  const field = model.outcomeField ?? DEMO_OUTCOME_FIELD
  return Object.hasOwn(data.columns.columns, field) ? field : null
}

/**
 * Backtests the candidate (and production, when there is one) on the dataset's outcome, from the
 * scorings the impact was computed with. Null when there is no outcome column, or when its leads
 * hold no converter or no non-converter: a request records what can be measured, nothing else.
 */
export function computeBacktests(
  data: ReferenceDataset,
  candidate: ColumnScorer,
  production: ColumnScorer | null,
): PromotionBacktest | null {
  const field = outcomeFieldOf(candidate.compiled.model, data)
  if (field === null) return null
  const outcomes = readOutcomes(data.columns.columns[field] as ArrayLike<unknown>)
  const after = backtest(candidate, outcomes)
  if (!after.ok) return null
  const before = production === null ? null : backtest(production, outcomes)
  return {
    outcomeField: field,
    candidate: after.backtest,
    production: before !== null && before.ok ? before.backtest : null,
  }
}
