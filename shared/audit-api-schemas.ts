import { z } from 'zod'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'

/** The query and answers of the audit log endpoints. */

export const AuditQuerySchema = z.strictObject({
  modelId: IdSchema.optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

export const AuditEntrySchema = z.object({
  seq: z.int(),
  at: InstantSchema,
  actor: UserRefSchema,
  action: z.string(),
  modelId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
})

export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema), next: z.int() })

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  /** Entries checked. */
  entries: z.int(),
  /** The first entry that breaks the chain (absent when ok). */
  firstBadSeq: z.int().optional(),
  reason: z.string().optional(),
  /** The hash of the last entry: a receipt for the whole log. */
  head: z.string(),
})
