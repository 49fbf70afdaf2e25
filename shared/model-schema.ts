import { z } from 'zod'
import { CategoryMapSchema } from './category-map-schema.ts'
import { LeadSchema } from './lead-schema.ts'

/**
 * The scoring model contract (DESIGN.md). The schema checks shape and types only, strictly:
 * numbers must be JSON numbers, unknown keys and transform kinds are errors. Range and
 * consistency rules (weights sum to 1, edges increasing, …) are findings of engine/validate-model,
 * so a draft that breaks them can still be held, shown and repaired.
 */
export const SlugSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a slug: letters, digits, "-" or "_"')

export const LinearTransformSchema = z.strictObject({
  kind: z.literal('linear'),
  min: z.number(),
  max: z.number(),
  invert: z.boolean().optional(),
})

export const LogTransformSchema = z.strictObject({
  kind: z.literal('log'),
  min: z.number(),
  max: z.number(),
})

export const BucketsTransformSchema = z.strictObject({
  kind: z.literal('buckets'),
  edges: z.array(z.number()),
  scores: z.array(z.number()),
})

export const CategoryTransformSchema = z.strictObject({
  kind: z.literal('category'),
  map: CategoryMapSchema,
  default: z.number(),
})

export const BooleanTransformSchema = z.strictObject({
  kind: z.literal('boolean'),
  whenTrue: z.number(),
  whenFalse: z.number(),
})

export const RecencyTransformSchema = z.strictObject({
  kind: z.literal('recency'),
  halfLifeDays: z.number(),
})

export const TransformSchema = z.discriminatedUnion('kind', [
  LinearTransformSchema,
  LogTransformSchema,
  BucketsTransformSchema,
  CategoryTransformSchema,
  BooleanTransformSchema,
  RecencyTransformSchema,
])

export const TRANSFORM_KINDS = [
  'linear',
  'log',
  'buckets',
  'category',
  'boolean',
  'recency',
] as const

export const FactorSchema = z.strictObject({
  id: SlugSchema,
  label: z.string(),
  field: z.string().min(1),
  weight: z.number(),
  missing: z.number().default(0),
  transform: TransformSchema,
})

export const TierSchema = z.strictObject({
  name: z.string().min(1),
  min: z.number(),
})

/** What a model test expects of its lead: a tier, bounds on the total, or both (at least one). */
export const TestExpectationSchema = z
  .strictObject({
    tier: z.string().min(1).optional(),
    minTotal: z.number().optional(),
    maxTotal: z.number().optional(),
  })
  .refine((e) => e.tier !== undefined || e.minTotal !== undefined || e.maxTotal !== undefined, {
    message: 'expect needs at least one of tier, minTotal, maxTotal',
  })

/** A golden lead (DESIGN.md "Model tests"): scored at `asOf`, it must meet `expect`. */
export const ModelTestSchema = z.strictObject({
  id: SlugSchema,
  label: z.string().optional(),
  asOf: z.iso.datetime({ offset: true }),
  lead: LeadSchema,
  expect: TestExpectationSchema,
})

export const MAX_MODEL_TESTS = 200

export const ModelSchema = z.strictObject({
  id: SlugSchema,
  name: z.string(),
  description: z.string().optional(),
  factors: z.array(FactorSchema).min(1).max(64),
  tiers: z.array(TierSchema).min(1).max(10),
  /** The lead property holding the outcome a backtest reads (DESIGN.md, Outcomes); scoring ignores it. */
  outcomeField: z.string().min(1).optional(),
  tests: z.array(ModelTestSchema).max(MAX_MODEL_TESTS).optional(),
})

export type LinearTransform = z.infer<typeof LinearTransformSchema>
export type LogTransform = z.infer<typeof LogTransformSchema>
export type BucketsTransform = z.infer<typeof BucketsTransformSchema>
export type CategoryTransform = z.infer<typeof CategoryTransformSchema>
export type BooleanTransform = z.infer<typeof BooleanTransformSchema>
export type RecencyTransform = z.infer<typeof RecencyTransformSchema>
export type Transform = z.infer<typeof TransformSchema>
export type TransformKind = Transform['kind']
export type Factor = z.infer<typeof FactorSchema>
/** A factor as written in a model file, where `missing` may be left out. */
export type FactorInput = z.input<typeof FactorSchema>
export type Tier = z.infer<typeof TierSchema>
export type TestExpectation = z.infer<typeof TestExpectationSchema>
export type ModelTest = z.infer<typeof ModelTestSchema>
export type Model = z.infer<typeof ModelSchema>
export type ModelInput = z.input<typeof ModelSchema>
