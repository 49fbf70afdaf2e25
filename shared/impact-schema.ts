import { z } from 'zod'

/** Summary of one model's scores over a dataset. */
export const ScoreSummarySchema = z.object({
  mean: z.number(),
  median: z.number(),
  /** Counts per bin of `histogramEdges`; totals outside [0,1] (drafts only) land in the end bins. */
  histogram: z.array(z.number()),
  /** Leads per tier name, in the model's tier order; `null` counts leads no tier reaches. */
  tierCounts: z.array(z.object({ tier: z.string().nullable(), count: z.number() })),
})
export type ScoreSummary = z.infer<typeof ScoreSummarySchema>

export const TopMoverSchema = z.object({
  /** The lead's row in the dataset (0-based, input order). */
  row: z.number(),
  from: z.number(),
  to: z.number(),
  delta: z.number(),
  fromTier: z.string().nullable(),
  toTier: z.string().nullable(),
  /** The factor whose contribution changed most for this lead, and by how much. */
  factorId: z.string(),
  factorDelta: z.number(),
})
export type TopMover = z.infer<typeof TopMoverSchema>

/** Impact of model `to` against model `from` on one dataset (DESIGN.md, Promotion). */
export const ImpactReportSchema = z.object({
  leads: z.number(),
  histogramEdges: z.array(z.number()),
  from: ScoreSummarySchema,
  to: ScoreSummarySchema,
  /** migration[i][j]: leads in fromTiers[i] under `from` and toTiers[j] under `to`. */
  migration: z.object({
    fromTiers: z.array(z.string().nullable()),
    toTiers: z.array(z.string().nullable()),
    counts: z.array(z.array(z.number())),
  }),
  changedTier: z.number(),
  /** Spearman rank correlation of the two totals (1 when both orders agree). */
  spearman: z.number(),
  topMovers: z.array(TopMoverSchema),
})
export type ImpactReport = z.infer<typeof ImpactReportSchema>

/** Advice on one factor over a dataset. */
export const FactorDiagnosticSchema = z.object({
  factorId: z.string(),
  missingRate: z.number(),
  /** Standard deviation and range of the factor's v across leads. */
  spread: z.object({ stdDev: z.number(), min: z.number(), max: z.number() }),
  /** The factor's share of the summed total score across all leads. */
  share: z.number(),
})
export const FactorDiagnosticsSchema = z.object({
  factors: z.array(FactorDiagnosticSchema),
  /** Pairs of factors whose values correlate with |r| > 0.9: one adds little beside the other. */
  correlatedPairs: z.array(z.object({ a: z.string(), b: z.string(), r: z.number() })),
})
export type FactorDiagnostic = z.infer<typeof FactorDiagnosticSchema>
export type FactorDiagnostics = z.infer<typeof FactorDiagnosticsSchema>
