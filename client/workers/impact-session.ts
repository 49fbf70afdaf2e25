import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { backtest, type BacktestResult } from '../../engine/backtest.ts'
import type { CompiledModel } from '../../engine/compile-model.ts'
import { fitWeights } from '../../engine/fit-weights.ts'
import { createRankBuffers } from '../../engine/rank-outcomes.ts'
import { readOutcomes, type Outcomes } from '../../engine/read-outcomes.ts'
import { createColumnScorer, type ColumnScorer } from '../../engine/create-column-scorer.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import { parseModelInput } from '../../shared/model-doc.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { BacktestComparison, ModelRole, WeightSuggestion } from './impact-messages.ts'

export type SetModelResult = { ok: true } | { ok: false; reason: string }

export interface ImpactRun {
  report: ImpactReport
  recomputed: string[]
  /** Time spent re-scoring the changed model(s), in ms (the incremental part). */
  rescoreMillis: number
  /** Time spent comparing the two scorings (ranks, histograms, movers), in ms. */
  analyzeMillis: number
  backtest: BacktestComparison | null
  /** Time spent backtesting (the draft; the baseline only when it changed), in ms. */
  backtestMillis: number
}

export interface SuggestOptions {
  readonly holdout: number
  readonly seed: number
  readonly onProgress?: (fraction: number) => void
}

/**
 * The worker's state: one dataset and a column scorer per model, kept between messages so that a
 * weight change re-scores with one dot product instead of recomputing every factor.
 */
export interface ImpactSession {
  /** `outcomeField`: the dataset's outcome column, used when the draft names none. */
  loadData(data: LeadColumns, asOf: number, outcomeField?: string | null): void
  /** Parses and stores a model; the next run re-scores it. */
  setModel(role: ModelRole, input: unknown): SetModelResult
  /** Re-scores what changed and compares draft with baseline; null until both and data exist. */
  run(topMovers?: number): ImpactRun | null
  /** Fits the draft's weights to the outcomes, from the draft's cached factor values. */
  suggestWeights(options: SuggestOptions): WeightSuggestion
  /** The lead at `row` as a record of its present values; null when there is no such row. */
  leadAt(row: number): Lead | null
}

/** Creates the worker's scoring state. */
export function createImpactSession(): ImpactSession {
  let data: LeadColumns | null = null
  let asOf = 0
  let datasetOutcome: string | null = null
  /** Outcomes read once per column of the current dataset: a weight change never re-reads them. */
  let outcomeColumns = new Map<string, Outcomes>()
  /** The draft is backtested on every edit: its ranking reuses these instead of allocating anew. */
  const rankBuffers = createRankBuffers()
  /** The baseline's backtest, kept while the baseline's scoring and the outcome column stay. */
  let baselineBacktest: { compiled: CompiledModel; field: string; result: BacktestResult } | null =
    null
  const models: Record<ModelRole, Model | null> = { draft: null, baseline: null }
  const scorers: Record<ModelRole, ColumnScorer | null> = { draft: null, baseline: null }
  const dirty: Record<ModelRole, boolean> = { draft: false, baseline: false }

  function rescore(role: ModelRole, recomputed: string[]): ColumnScorer | null {
    const model = models[role]
    if (data === null || model === null) return null
    let scorer = scorers[role]
    if (scorer === null) {
      // The draft and the baseline share most factors: the second starts from the first's values.
      const other = scorers[role === 'draft' ? 'baseline' : 'draft']
      if (other === null) {
        scorer = createColumnScorer(data, model, { asOf })
        recomputed.push(...model.factors.map((f) => f.id))
      } else {
        const derived = other.derive(model)
        scorer = derived.scorer
        recomputed.push(...derived.stats.recomputed)
      }
      scorers[role] = scorer
    } else if (dirty[role]) {
      recomputed.push(...scorer.update(model).recomputed)
    }
    dirty[role] = false
    return scorer
  }

  function outcomeFieldFor(draft: ColumnScorer | null): string | null {
    return draft?.compiled.model.outcomeField ?? datasetOutcome
  }

  function outcomesOf(field: string): Outcomes | null {
    if (data === null || !Object.hasOwn(data.columns, field)) return null
    let outcomes = outcomeColumns.get(field)
    if (!outcomes) {
      outcomes = readOutcomes(data.columns[field] as ArrayLike<unknown>)
      outcomeColumns.set(field, outcomes)
    }
    return outcomes
  }

  /** Backtests the draft on every run; the baseline only when its scoring or the column changed. */
  function compareBacktests(
    baseline: ColumnScorer,
    draft: ColumnScorer,
  ): BacktestComparison | null {
    const field = outcomeFieldFor(draft)
    if (field === null) return null
    const outcomes = outcomesOf(field)
    if (outcomes === null) {
      const message = `The dataset has no outcome column '${field}'.`
      return { ok: false, outcomeField: field, code: 'no-outcome-column', message }
    }
    // A scorer compiles anew on every update, so its compiled model identifies one set of totals.
    const cached = baselineBacktest
    const before =
      cached !== null && cached.compiled === baseline.compiled && cached.field === field
        ? cached.result
        : backtest(baseline, outcomes)
    baselineBacktest = { compiled: baseline.compiled, field, result: before }
    const after = backtest(draft, outcomes, rankBuffers)
    if (!after.ok)
      return { ok: false, outcomeField: field, code: after.code, message: after.message }
    if (!before.ok)
      return { ok: false, outcomeField: field, code: before.code, message: before.message }
    return { ok: true, outcomeField: field, draft: after.backtest, baseline: before.backtest }
  }

  return {
    loadData(next, nextAsOf, outcomeField = null) {
      data = next
      asOf = nextAsOf
      datasetOutcome = outcomeField
      outcomeColumns = new Map()
      baselineBacktest = null
      scorers.draft = null
      scorers.baseline = null
    },
    setModel(role, input) {
      const parsed = parseModelInput(input)
      if (parsed.model === null) {
        const first = parsed.findings[0]
        return { ok: false, reason: first ? first.message : 'not a model' }
      }
      models[role] = parsed.model
      dirty[role] = true
      return { ok: true }
    },
    leadAt(row) {
      if (data === null || !Number.isInteger(row) || row < 0 || row >= data.length) return null
      const lead: Lead = {}
      for (const [field, column] of Object.entries(data.columns)) {
        const value = column[row]
        // A typed column holds NaN where the value is missing; a CSV one, an empty string.
        if (value === undefined || value === null || value === '' || Number.isNaN(value)) continue
        Object.defineProperty(lead, field, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
      return lead
    },
    run(topMovers = 10) {
      const recomputed: string[] = []
      const started = performance.now()
      const baseline = rescore('baseline', recomputed)
      const draft = rescore('draft', recomputed)
      if (baseline === null || draft === null) return null
      const rescored = performance.now()
      const report = analyzeImpact(baseline, draft, { topMovers })
      const analyzed = performance.now()
      const comparison = compareBacktests(baseline, draft)
      return {
        report,
        recomputed,
        rescoreMillis: rescored - started,
        analyzeMillis: analyzed - rescored,
        backtest: comparison,
        backtestMillis: performance.now() - analyzed,
      }
    },
    suggestWeights({ holdout, seed, onProgress }) {
      const draft = rescore('draft', [])
      if (draft === null) return { ok: false, message: 'The draft cannot be scored yet.' }
      const field = outcomeFieldFor(draft)
      if (field === null) {
        return { ok: false, message: 'There is no outcome column to fit the weights to.' }
      }
      const outcomes = outcomesOf(field)
      if (outcomes === null) return { ok: false, message: `The dataset has no column '${field}'.` }
      const fit = fitWeights(draft, outcomes, { holdout, seed, onProgress })
      if (!fit.ok) return { ok: false, message: fit.message }
      const byId = (model: Model): Record<string, number> =>
        Object.fromEntries(model.factors.map((f) => [f.id, f.weight]))
      return {
        ok: true,
        weights: byId(fit.model),
        startWeights: byId(draft.compiled.model),
        train: fit.train,
        holdout: fit.holdout,
      }
    },
  }
}
