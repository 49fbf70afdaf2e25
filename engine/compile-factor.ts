import type { Factor, Transform } from '../shared/model-schema.ts'
import { booleanKernels } from './boolean-kernels.ts'
import { bucketKernels } from './bucket-kernels.ts'
import { categoryKernels } from './category-kernels.ts'
import type { FactorKernels } from './factor-kernel.ts'
import { linearKernels } from './linear-kernels.ts'
import { logKernels } from './log-kernels.ts'
import type { Reader } from './prepare-column.ts'
import { recencyKernels } from './recency-kernels.ts'

/** A factor compiled once: its value for one raw lead value, and a kernel over a column. */
export interface CompiledFactor extends FactorKernels {
  readonly id: string
  readonly field: string
  readonly weight: number
  readonly missing: number
  readonly reader: Reader
}

/** The reader a transform kind needs. */
export function readerOf(transform: Transform): Reader {
  switch (transform.kind) {
    case 'linear':
    case 'log':
    case 'buckets':
      return 'number'
    case 'recency':
      return 'instant'
    case 'boolean':
      return 'boolean'
    case 'category':
      return 'category'
  }
}

/** Compiles one factor of a schema-valid model; the transform's parameters are read once here. */
export function compileFactor(factor: Factor): CompiledFactor {
  const { id, field, weight, missing, transform } = factor
  const base = { id, field, weight, missing, reader: readerOf(transform) }
  switch (transform.kind) {
    case 'linear':
      return { ...base, ...linearKernels(transform.min, transform.max, transform.invert, missing) }
    case 'log':
      return { ...base, ...logKernels(transform.min, transform.max, missing) }
    case 'buckets':
      return { ...base, ...bucketKernels(transform.edges, transform.scores, missing) }
    case 'recency':
      return { ...base, ...recencyKernels(transform.halfLifeDays, missing) }
    case 'boolean':
      return { ...base, ...booleanKernels(transform.whenTrue, transform.whenFalse, missing) }
    case 'category':
      return { ...base, ...categoryKernels(transform.map, transform.default, missing) }
  }
}
