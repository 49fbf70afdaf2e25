import { z } from 'zod'
import { FindingSchema } from '../../shared/finding-schema.ts'
import { ImpactReportSchema } from '../../shared/impact-schema.ts'
import { LeadSchema } from '../../shared/lead-schema.ts'
import { ModelSchema } from '../../shared/model-schema.ts'
import { ScoreResultSchema } from '../../shared/score-result-schema.ts'
import { PROMOTION_STATUSES } from '../store/promotion-store.ts'
import { PRODUCTION_KINDS } from '../store/production-store.ts'
import { DELIVERY_STATUSES } from '../store/webhook-store.ts'
import { WORKFLOW_EVENT_TYPES } from './workflow-events.ts'

/**
 * The bodies, queries and answers of the promotion, production, scoring, dataset, audit and
 * webhook endpoints: request schemas parse what arrives (strict: unknown keys are refused),
 * response schemas document what leaves (OpenAPI).
 */

const Id = z.string().min(1).max(200)
const Instant = z.iso.datetime({ offset: true })

export const UserRefSchema = z.object({ id: z.string(), name: z.string() })

// ── Requests ───────────────────────────────────────────────────────────────────────────────

export const PromotionRequestBodySchema = z.strictObject({
  snapshotId: Id,
  note: z.string().max(2000).optional(),
})

export const RejectBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
})

export const RollbackBodySchema = z.strictObject({
  toVersion: z.int().min(1),
  /** When given, the rollback only happens while production is at this version (else 409). */
  expectedVersion: z.int().min(1).optional(),
})

/** A lead's instant to score at: epoch milliseconds or an ISO-8601 date. */
export const AsOfSchema = z.union([z.number().finite(), z.string().min(1).max(100)])

export const ScoreBodySchema = z.strictObject({
  leads: z.array(LeadSchema),
  asOf: AsOfSchema.optional(),
})

export const ScoreQuerySchema = z.strictObject({
  snapshot: Id.optional(),
})

export const ReferenceDatasetBodySchema = z.strictObject({
  datasetId: Id,
})

export const DatasetUploadQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
})

export const WebhookBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum(WORKFLOW_EVENT_TYPES)).min(1).max(WORKFLOW_EVENT_TYPES.length),
  /** The HMAC key deliveries are signed with; at least 16 characters. */
  secret: z.string().min(16).max(500),
})

export const PromotionListQuerySchema = z.strictObject({
  modelId: Id.optional(),
  status: z.enum(PROMOTION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const ModelPromotionListQuerySchema = PromotionListQuerySchema.omit({ modelId: true })

export const AuditQuerySchema = z.strictObject({
  modelId: Id.optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

export const EventQuerySchema = z.strictObject({
  token: z.string().optional(),
  modelId: Id.optional(),
  /** Replays the workflow events after this audit seq first (as Last-Event-ID does). */
  after: z.coerce.number().int().min(0).optional(),
})

// ── Answers ────────────────────────────────────────────────────────────────────────────────

export const PromotionRecordSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  status: z.enum(PROMOTION_STATUSES),
  snapshotId: z.string(),
  hash: z.string(),
  note: z.string().nullable(),
  datasetId: z.string(),
  asOf: Instant,
  impact: ImpactReportSchema.nullable(),
  findings: z.array(FindingSchema),
  basedOnVersion: z.int(),
  /** True while pending when production moved since the request: approving it would get 409. */
  stale: z.boolean(),
  requestedAt: Instant,
  requestedBy: UserRefSchema,
  decidedAt: Instant.nullable(),
  decidedBy: UserRefSchema.nullable(),
  reason: z.string().nullable(),
  version: z.int().nullable(),
})

export const PromotionListSchema = z.object({ promotions: z.array(PromotionRecordSchema) })

export const ProductionVersionSchema = z.object({
  modelId: z.string(),
  version: z.int(),
  snapshotId: z.string(),
  hash: z.string(),
  kind: z.enum(PRODUCTION_KINDS),
  requestId: z.string().nullable(),
  rolledBackTo: z.int().nullable(),
  promotedAt: Instant,
  promotedBy: UserRefSchema,
})

export const ProductionRecordSchema = ProductionVersionSchema.extend({ model: ModelSchema })

export const ProductionVersionsSchema = z.object({
  modelId: z.string(),
  current: z.int(),
  versions: z.array(ProductionVersionSchema),
})

export const ScoreResponseSchema = z.object({
  modelId: z.string(),
  /** The production version scored with; null when a snapshot was asked for. */
  version: z.int().nullable(),
  snapshotId: z.string(),
  hash: z.string(),
  asOf: Instant,
  results: z.array(ScoreResultSchema),
})

export const DatasetInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The built-in demo leads, generated, not uploaded. */
  builtin: z.boolean(),
  fields: z.array(z.string()),
  rows: z.int(),
  bytes: z.int().nullable(),
  sha256: z.string().nullable(),
  createdAt: Instant.nullable(),
  createdBy: UserRefSchema.nullable(),
})

export const DatasetListSchema = z.object({ datasets: z.array(DatasetInfoSchema) })

export const ReferenceDatasetSchema = z.object({
  modelId: z.string(),
  datasetId: z.string(),
  chosenAt: Instant.nullable(),
  chosenBy: UserRefSchema.nullable(),
})

export const AuditEntrySchema = z.object({
  seq: z.int(),
  at: Instant,
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

export const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WORKFLOW_EVENT_TYPES)),
  createdAt: Instant,
  createdBy: UserRefSchema,
})

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) })

export const DeliverySchema = z.object({
  id: z.int(),
  eventType: z.string(),
  auditSeq: z.int(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int(),
  nextAttemptAt: Instant.nullable(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  deliveredAt: Instant.nullable(),
})

export const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) })

export const WorkflowEventSchema = z.object({
  type: z.enum(WORKFLOW_EVENT_TYPES),
  seq: z.int(),
  at: Instant,
  modelId: z.string().nullable(),
  actor: UserRefSchema,
  details: z.record(z.string(), z.unknown()),
})
