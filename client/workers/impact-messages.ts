import type { ImpactReport } from '../../shared/impact-schema.ts'

/** Which model a message is about: the draft being edited, or the one it is compared with. */
export type ModelRole = 'draft' | 'baseline'

/** Messages the page sends the impact worker. */
export type ImpactRequest =
  | { type: 'load-demo'; count: number; seed: number }
  | { type: 'load-csv'; name: string; text: string }
  /** `model` is model JSON as read from the doc; the worker parses it (a peer may write anything). */
  | { type: 'set-model'; role: ModelRole; model: unknown }

/** The dataset the worker scores. */
export interface DatasetInfo {
  name: string
  leads: number
  fields: string[]
  /** The instant recency is measured from (epoch ms). */
  asOf: number
}

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
    }
  /** The model of `role` cannot be scored (not a model yet); the last report stands. */
  | { type: 'not-scorable'; role: ModelRole; reason: string }
  | { type: 'error'; message: string }
