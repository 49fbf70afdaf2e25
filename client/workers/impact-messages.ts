import type { Backtest, FitPart } from '../../shared/backtest-schema.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type { Lead } from '../../shared/lead-schema.ts'

/** Which model a message is about: the draft being edited, or the one it is compared with. */
export type ModelRole = 'draft' | 'baseline'

/** Messages the page sends the impact worker. */
export type ImpactRequest =
  | { type: 'load-demo'; count: number; seed: number }
  | { type: 'load-csv'; name: string; text: string }
  /** `model` is model JSON as read from the doc; the worker parses it (a peer may write anything). */
  | { type: 'set-model'; role: ModelRole; model: unknown }
  /** Fit the draft's weights to the dataset's outcomes; `id` comes back on the progress and result. */
  | { type: 'fit'; id: number; holdout: number; seed: number }
  /** Asks for one lead of the dataset as a record (to pin it as a model test). */
  | { type: 'get-lead'; row: number }

/** The dataset the worker scores. */
export interface DatasetInfo {
  name: string
  /** The generated demo leads (as opposed to a file the analyst opened). */
  demo: boolean
  leads: number
  fields: string[]
  /** How many leads carry a value in each field. */
  present: Record<string, number>
  /** The column naming each lead (email, name, id…), and its values by row; null without one. */
  labels: { field: string; values: string[] } | null
  /** The separator of an opened CSV. */
  delimiter: ',' | ';' | '\t' | null
  /** The instant recency is measured from (epoch ms). */
  asOf: number
  /** The outcome column backtests read unless the draft names its own `outcomeField`. */
  outcomeField: string | null
}

/**
 * Draft and baseline backtested on the dataset's outcomes (DESIGN.md, Outcomes), or why they cannot
 * be (no outcome column, no converters…). Absent when neither the dataset nor the draft names one.
 */
export type BacktestComparison =
  | { ok: true; outcomeField: string; draft: Backtest; baseline: Backtest }
  | { ok: false; outcomeField: string; code: string; message: string }

/** Suggested weights by factor id, with the AUC of the start and fitted weights on each part. */
export type WeightSuggestion =
  | {
      ok: true
      weights: Record<string, number>
      train: FitPart
      holdout: FitPart
      /** The draft the fit started from, so the page can tell whether it is still current. */
      startWeights: Record<string, number>
    }
  | { ok: false; message: string }

/** Messages the impact worker sends back. */
export type ImpactResponse =
  | { type: 'dataset'; dataset: DatasetInfo }
  | {
      type: 'report'
      report: ImpactReport
      /** Time to re-score the changed model(s) and analyse the impact, in ms. */
      millis: number
      /** Of which re-scoring (incremental: one dot product for a weight change), in ms. */
      rescoreMillis: number
      /** Factors whose values had to be recomputed (none for a weight-only change). */
      recomputed: string[]
      backtest: BacktestComparison | null
      /** Of which backtesting the draft (and a changed baseline), in ms. */
      backtestMillis: number
    }
  | { type: 'fit-progress'; id: number; fraction: number }
  | { type: 'fit-result'; id: number; suggestion: WeightSuggestion }
  /** The model of `role` cannot be scored (not a model yet); the last report stands. */
  | { type: 'not-scorable'; role: ModelRole; reason: string }
  | { type: 'error'; message: string }
  /** The lead at `row`, or null when the dataset has no such row. */
  | { type: 'lead'; row: number; lead: Lead | null }
