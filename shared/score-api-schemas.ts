import { z } from 'zod'
import { IdSchema, InstantSchema } from './api-common-schemas.ts'
import { LeadSchema } from './lead-schema.ts'
import { ScoreResultSchema } from './score-result-schema.ts'

/** A lead's instant to score at: epoch milliseconds or an ISO-8601 date. */
export const AsOfSchema = z.union([z.number().finite(), z.string().min(1).max(100)])

/** The body, query and answer of `POST /api/score/:modelId`. */
export const ScoreBodySchema = z.strictObject({
  leads: z.array(LeadSchema),
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
