import { z } from 'zod'

/** Leads, converters and conversion rate of one tier (DESIGN.md, Outcomes). */
export const BacktestTierSchema = z.object({
  /** The tier's name; `null` counts leads no tier reaches (drafts only). */
  name: z.string().nullable(),
  leads: z.number(),
  positives: z.number(),
  rate: z.number(),
})

/** One tenth of the leads by total, highest first; lift = its rate / the overall rate. */
export const BacktestDecileSchema = z.object({
  decile: z.number(),
  leads: z.number(),
  positives: z.number(),
  rate: z.number(),
  lift: z.number(),
})

/**
 * How well a model's totals separate converters from the rest, over the leads with a readable
 * outcome. `aucInterval` is the 95% interval of the AUC by DeLong's variance (normal, clamped to [0, 1]).
 */
export const BacktestSchema = z.object({
  leads: z.number(),
  positives: z.number(),
  auc: z.number(),
  aucInterval: z.tuple([z.number(), z.number()]),
  tiers: z.array(BacktestTierSchema),
  deciles: z.array(BacktestDecileSchema),
})

export type BacktestTier = z.infer<typeof BacktestTierSchema>
export type BacktestDecile = z.infer<typeof BacktestDecileSchema>
export type Backtest = z.infer<typeof BacktestSchema>

/** Why a backtest or a fit cannot be computed: stable codes, a human message. */
export const OUTCOME_PROBLEMS = {
  noOutcomes: 'no-outcomes',
  noPositives: 'no-positives',
  noNegatives: 'no-negatives',
  tooFewToSplit: 'too-few-to-split',
} as const
export type OutcomeProblemCode = (typeof OUTCOME_PROBLEMS)[keyof typeof OUTCOME_PROBLEMS]
export interface OutcomeProblem {
  readonly ok: false
  readonly code: OutcomeProblemCode
  readonly message: string
}

/**
 * What a promotion request records when its reference dataset has an outcome: the backtest of the
 * snapshot and of production (null before the first promotion) on the same leads.
 */
export const PromotionBacktestSchema = z.object({
  outcomeField: z.string(),
  candidate: BacktestSchema,
  production: BacktestSchema.nullable(),
})
export type PromotionBacktest = z.infer<typeof PromotionBacktestSchema>

/** AUC of the start and of the fitted weights on one part of the split. */
export const FitPartSchema = z.object({
  leads: z.number(),
  positives: z.number(),
  startAuc: z.number(),
  fittedAuc: z.number(),
})
export type FitPart = z.infer<typeof FitPartSchema>
