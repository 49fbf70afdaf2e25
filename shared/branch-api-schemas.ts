import { z } from 'zod'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'

/** The bodies, queries and answers of `/api/models/:id/branches`: fork, list, merge, delete. */

export const BranchNameSchema = z.string().trim().min(1).max(80)

/** `POST /api/models/:id/branches`: fork the draft, or the snapshot named in `from`. */
export const BranchRequestSchema = z.strictObject({
  name: BranchNameSchema,
  from: IdSchema.nullish(),
})
export type BranchRequest = z.infer<typeof BranchRequestSchema>

/** A branch as created: its doc id (the sync room), who forked it, when, from what. */
export const BranchSchema = z.object({
  branchId: z.string(),
  modelId: z.string(),
  name: z.string(),
  forkedAt: InstantSchema,
  forkedBy: UserRefSchema,
  /** The snapshot it was forked from; null when forked from the draft. */
  from: z.string().nullable(),
})
export type BranchRecord = z.infer<typeof BranchSchema>

/** A branch as listed: with the number of updates committed on each side since the fork. */
export const BranchSummarySchema = BranchSchema.extend({
  branchChanges: z.int().min(0),
  draftChanges: z.int().min(0),
})
export type BranchSummary = z.infer<typeof BranchSummarySchema>

export const BranchListSchema = z.object({ branches: z.array(BranchSummarySchema) })

export const MergeQuerySchema = z.strictObject({
  dryRun: z.enum(['0', '1', 'true', 'false']).optional(),
})

/** A field both sides changed since the fork: the value the merge keeps and the one it drops. */
export const BothChangedSchema = z.object({
  field: z.string(),
  won: z.unknown(),
  lost: z.unknown(),
})

/**
 * What a merge brings (or, on a dry run, would bring) to the draft: `changed` names the fields
 * (`name`, `tiers`, `factors.<id>.weight`, `factors.<id>.transform.max`, `factors.<id>` for a
 * factor added or removed, `tests.<id>`…) the branch changed since the fork; `applied` says
 * whether the draft was written (never on a dry run, nor when it already holds everything).
 */
export const MergeResultSchema = z.object({
  changed: z.array(z.string()),
  bothChanged: z.array(BothChangedSchema),
  applied: z.boolean(),
})
export type MergeResult = z.infer<typeof MergeResultSchema>
