import { z } from 'zod'
import { FindingSchema } from './finding-schema.ts'
import { PromotionBacktestSchema } from './backtest-schema.ts'
import { ImpactReportSchema } from './impact-schema.ts'
import { ModelSchema } from './model-schema.ts'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'

/**
 * The bodies, queries and answers of the promotion and production endpoints: request schemas
 * parse what arrives (strict: unknown keys are refused), answer schemas document what leaves
 * (OpenAPI) and are what the app parses answers with.
 */

/**
 * `pending` waits for a second release manager; `approved` was promoted at its approval;
 * `scheduled` was approved before its `scheduledFor` and waits for it; at that time it is
 * `promoted`, or `suspended` when the re-check fails; `rejected` and `cancelled` never promote.
 */
export const PROMOTION_STATUSES = [
  'pending',
  'scheduled',
  'approved',
  'promoted',
  'rejected',
  'suspended',
  'cancelled',
] as const
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number]

/**
 * Why a scheduled request was suspended at its due time instead of promoted: its snapshot's
 * content no longer matches the approved hash, or is gone; validation found errors (model tests
 * included); or production is no longer at the version the request was based on.
 */
export const SUSPENSION_REASONS = [
  'hash-mismatch',
  'snapshot-missing',
  'findings',
  'production-moved',
] as const
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number]

export const PRODUCTION_KINDS = ['promotion', 'rollback'] as const
export type ProductionKind = (typeof PRODUCTION_KINDS)[number]

export const PromotionRequestBodySchema = z.strictObject({
  snapshotId: IdSchema,
  note: z.string().max(2000).optional(),
  /** Promote no earlier than this instant (in the future when requesting, else 422). */
  scheduledFor: InstantSchema.optional(),
})

export const RejectBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
})

/** A comment's length, in characters after trimming. */
export const MAX_COMMENT_CHARS = 4000

export const CommentBodySchema = z.strictObject({
  body: z.string().trim().min(1).max(MAX_COMMENT_CHARS),
})

export const PromotionCommentSchema = z.object({
  id: z.int(),
  requestId: z.string(),
  author: UserRefSchema,
  at: InstantSchema,
  body: z.string(),
})
export type PromotionCommentRecord = z.infer<typeof PromotionCommentSchema>

/** A request's comments, oldest first. */
export const PromotionCommentListSchema = z.object({ comments: z.array(PromotionCommentSchema) })

export const RollbackBodySchema = z.strictObject({
  toVersion: z.int().min(1),
  /** When given, the rollback only happens while production is at this version (else 409). */
  expectedVersion: z.int().min(1).optional(),
})

export const PromotionListQuerySchema = z.strictObject({
  modelId: IdSchema.optional(),
  status: z.enum(PROMOTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const ModelPromotionListQuerySchema = PromotionListQuerySchema.omit({ modelId: true })

export const PromotionRecordSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  status: z.enum(PROMOTION_STATUSES),
  snapshotId: z.string(),
  hash: z.string(),
  note: z.string().nullable(),
  datasetId: z.string(),
  asOf: InstantSchema,
  impact: ImpactReportSchema.nullable(),
  /** Null when the reference dataset has no outcome column (or no converters and non-converters). */
  backtest: PromotionBacktestSchema.nullable(),
  findings: z.array(FindingSchema),
  basedOnVersion: z.int(),
  /**
   * True while pending or scheduled when production moved since the request: approving it would
   * get 409, and a scheduled one will be suspended.
   */
  stale: z.boolean(),
  requestedAt: InstantSchema,
  requestedBy: UserRefSchema,
  decidedAt: InstantSchema.nullable(),
  decidedBy: UserRefSchema.nullable(),
  /** Why it was rejected, or for a suspended one the SUSPENSION_REASONS code. */
  reason: z.string().nullable(),
  version: z.int().nullable(),
  /** When a scheduled request is due; null: promoted at its approval. */
  scheduledFor: InstantSchema.nullable(),
  /** When a scheduled request was promoted, suspended or cancelled, and by whom. */
  settledAt: InstantSchema.nullable(),
  settledBy: UserRefSchema.nullable(),
})
export type PromotionRecord = z.infer<typeof PromotionRecordSchema>

export const PromotionListSchema = z.object({ promotions: z.array(PromotionRecordSchema) })

export const ProductionVersionSchema = z.object({
  modelId: z.string(),
  version: z.int(),
  snapshotId: z.string(),
  hash: z.string(),
  kind: z.enum(PRODUCTION_KINDS),
  requestId: z.string().nullable(),
  rolledBackTo: z.int().nullable(),
  promotedAt: InstantSchema,
  promotedBy: UserRefSchema,
})
export type ProductionVersionRecord = z.infer<typeof ProductionVersionSchema>

export const ProductionRecordSchema = ProductionVersionSchema.extend({ model: ModelSchema })
export type ProductionRecord = z.infer<typeof ProductionRecordSchema>

export const ProductionVersionsSchema = z.object({
  modelId: z.string(),
  current: z.int(),
  versions: z.array(ProductionVersionSchema),
})

/** The largest movers a request's shadow figures keep. */
export const SHADOW_MOVERS = 10

/** One lead whose total moved most under the candidate (shadow scoring). */
export const ShadowMoverSchema = z.object({
  /** The lead's `id`, else its `email`, else its position in its scoring request (`#1`, …). */
  lead: z.string(),
  productionTotal: z.number(),
  candidateTotal: z.number(),
  productionTier: z.string(),
  candidateTier: z.string(),
  /** candidateTotal − productionTotal. */
  delta: z.number(),
})
export type ShadowMover = z.infer<typeof ShadowMoverSchema>

/**
 * What a pending request's snapshot would have done to the leads production scored while it was
 * pending (`GET /api/promotions/:id/shadow`); frozen once the request is decided.
 */
export const ShadowReportSchema = z.object({
  /** Leads production scored through `/api/score` that the candidate scored too. */
  scored: z.int(),
  /** Of those, the leads whose tier would differ. */
  tierChanged: z.int(),
  /** migration[production tier][candidate tier] = leads. */
  migration: z.record(z.string(), z.record(z.string(), z.int())),
  /** Mean of candidate total − production total (0 before any lead). */
  meanDelta: z.number(),
  /** The largest |candidate total − production total|. */
  maxAbsDelta: z.number(),
  /** The largest movers by |delta| (moved leads only), largest first. */
  movers: z.array(ShadowMoverSchema).max(SHADOW_MOVERS),
})
export type ShadowReport = z.infer<typeof ShadowReportSchema>
