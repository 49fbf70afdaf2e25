import { z } from 'zod'
import { IdSchema, InstantSchema } from './api-common-schemas.ts'
import { ScoreResultSchema } from './score-result-schema.ts'

/** A lead's instant to score at: epoch milliseconds or an ISO-8601 date. */
export const AsOfSchema = z.union([z.number().finite(), z.string().min(1).max(100)])

/** A lead sent to the scoring API: a flat record whose values are scalars (a CRM row). */
export const ScoreLeadSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
)

/** The body, query and answer of `POST /api/score/:modelId`. */
export const ScoreBodySchema = z.strictObject({
  leads: z.array(ScoreLeadSchema),
  asOf: AsOfSchema.optional(),
})

export const ScoreQuerySchema = z.strictObject({
  snapshot: IdSchema.optional(),
})

export const ScoreResponseSchema = z.object({
  modelId: z.string(),
  /** The production version scored with; null when a snapshot was asked for. */
  version: z.int().nullable(),
  snapshotId: z.string(),
  hash: z.string(),
  asOf: InstantSchema,
  results: z.array(ScoreResultSchema),
})
