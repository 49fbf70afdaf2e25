import { z } from 'zod'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'

/** The queries, bodies and answers of the dataset and reference-dataset endpoints. */

export const ReferenceDatasetBodySchema = z.strictObject({
  datasetId: IdSchema,
})

export const DatasetUploadQuerySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
})

/** `GET /api/datasets/:id/csv?raw=1`: the stored bytes exactly, formula cells not defused. */
export const DatasetCsvQuerySchema = z.strictObject({
  raw: z.enum(['0', '1']).optional(),
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
  createdAt: InstantSchema.nullable(),
  createdBy: UserRefSchema.nullable(),
})

export const DatasetListSchema = z.object({ datasets: z.array(DatasetInfoSchema) })

export const ReferenceDatasetSchema = z.object({
  modelId: z.string(),
  datasetId: z.string(),
  chosenAt: InstantSchema.nullable(),
  chosenBy: UserRefSchema.nullable(),
})
