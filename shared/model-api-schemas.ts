import { z } from 'zod'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'
import { FindingSchema } from './finding-schema.ts'
import { ModelSchema } from './model-schema.ts'

/** The bodies, queries and answers of `/api/models`: models, snapshots and the change feed. */

/** One model as `GET /api/models` lists it. */
export const ModelSummarySchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  updatedAt: InstantSchema,
  errors: z.int(),
  warnings: z.int(),
  /** The model's production version; null before its first promotion. */
  productionVersion: z.int().nullable(),
})
export type ModelSummary = z.infer<typeof ModelSummarySchema>

export const ModelListSchema = z.object({ models: z.array(ModelSummarySchema) })

/** The answer of `POST /api/models`: the model as imported and its findings. */
export const CreatedModelSchema = z.object({ model: ModelSchema, findings: z.array(FindingSchema) })

/** One changed field: the unit of the change feed (`factorId` null for a model-level field). */
export const FieldChangeSchema = z.object({
  factorId: z.string().nullable(),
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
})

/** The answer of `PUT /api/models/:id`: the draft as written, its findings, and what changed. */
export const ReplacedDraftSchema = z.object({
  model: ModelSchema,
  findings: z.array(FindingSchema),
  changes: z.array(FieldChangeSchema),
})

/** The live draft: `model` when it matches the schema, `draft` the raw model-shaped JSON. */
export const ModelDraftSchema = z.object({
  id: z.string(),
  model: ModelSchema.nullable(),
  draft: z.unknown(),
  findings: z.array(FindingSchema),
})

export const SnapshotRequestSchema = z.strictObject({
  label: z.string().trim().min(1).max(200),
})

/** A named, immutable copy of a model taken on the server. */
export const SnapshotSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  label: z.string(),
  hash: z.string(),
  model: ModelSchema,
  findings: z.array(FindingSchema),
  createdAt: InstantSchema,
  createdBy: UserRefSchema,
})
export type SnapshotRecord = z.infer<typeof SnapshotSchema>
/** What lists of snapshots show: everything but the content. */
export type SnapshotSummary = Omit<SnapshotRecord, 'model' | 'findings' | 'modelId'>

export const SnapshotListSchema = z.object({ snapshots: z.array(SnapshotSchema) })

/** The answer of a restore: the draft as it now is, and the snapshot it came from. */
export const RestoredDraftSchema = z.object({
  model: ModelSchema.nullable(),
  findings: z.array(FindingSchema),
  restoredFrom: IdSchema,
})

export const ChangeQuerySchema = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})

/** One entry of the change feed: who changed which field, from what, to what, when. */
export const ChangeEntrySchema = z.object({
  id: z.int(),
  seq: z.int(),
  at: InstantSchema,
  user: UserRefSchema,
  factorId: z.string().nullable(),
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
})
export type ChangeRecord = z.infer<typeof ChangeEntrySchema>

export const ChangeListSchema = z.object({ changes: z.array(ChangeEntrySchema), next: z.int() })
