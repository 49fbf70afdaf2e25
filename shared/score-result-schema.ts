import { z } from 'zod'

/** One lead's score: the total, its tier (null only for a draft whose tiers cannot place it) and each factor's weight × v. */
export const ScoreResultSchema = z.object({
  total: z.number(),
  tier: z.string().nullable(),
  contributions: z.record(z.string(), z.number()),
})
export type ScoreResult = z.infer<typeof ScoreResultSchema>

/** Options every scoring call takes; `asOf` (epoch ms) anchors recency and is never the wall clock inside the engine. */
export const ScoreOptionsSchema = z.object({ asOf: z.number() })
export type ScoreOptions = z.infer<typeof ScoreOptionsSchema>
