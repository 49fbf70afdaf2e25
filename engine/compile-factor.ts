import type { Factor, Transform } from '../shared/model-schema.ts'
import type { PreparedColumn, Reader } from './prepare-column.ts'
import {
  BOOL_TRUE,
  MISSING_BOOL,
  isMissing,
  readBoolean,
  readInstant,
  readNumber,
} from './read-value.ts'

const MS_PER_DAY = 86_400_000

/** A factor compiled once: its value for one raw lead value, and a kernel over a prepared column. */
export interface CompiledFactor {
  readonly id: string
  readonly field: string
  readonly weight: number
  readonly missing: number
  readonly reader: Reader
  /** v for one raw value (the factor's `missing` when the value is missing). */
  value(raw: unknown, asOf: number): number
  /** Writes v for rows [start, end) of a prepared column into out[offset…]. */
  fill(
    column: PreparedColumn,
    start: number,
    end: number,
    out: Float64Array,
    offset: number,
    asOf: number,
  ): void
}

/** Clamps to [0,1]; NaN (from a degenerate draft range) becomes 0 so totals stay numbers. */
function clamp01(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0
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
  const reader = readerOf(transform)
  const base = { id, field, weight, missing, reader }
  switch (transform.kind) {
    case 'linear':
    case 'log':
    case 'buckets':
      return numericFactor(base, numericValue(transform))
    case 'recency': {
      const halfLife = transform.halfLifeDays
      return floatFactor(base, readInstant, (t, asOf) =>
        Math.pow(0.5, Math.max(0, (asOf - t) / MS_PER_DAY) / halfLife),
      )
    }
    case 'boolean': {
      const { whenTrue, whenFalse } = transform
      const of = (b: number): number =>
        b === MISSING_BOOL ? missing : b === BOOL_TRUE ? whenTrue : whenFalse
      return {
        ...base,
        value: (raw) => of(readBoolean(raw)),
        fill(column, start, end, out, offset) {
          const values = (column as { values: Int8Array }).values
          for (let i = start; i < end; i++) out[offset + i - start] = of(values[i] as number)
        },
      }
    }
    case 'category': {
      const map = transform.map
      const fallback = transform.default
      const of = (key: string): number =>
        Object.hasOwn(map, key) ? (map[key] as number) : fallback
      return {
        ...base,
        value: (raw) => (isMissing(raw) ? missing : of(String(raw))),
        fill(column, start, end, out, offset) {
          const { codes, keys } = column as { codes: Int32Array; keys: string[] }
          // Look each distinct key up once, then gather.
          const table = new Float64Array(keys.length + 1)
          table[0] = missing
          for (let k = 0; k < keys.length; k++) table[k + 1] = of(keys[k] as string)
          for (let i = start; i < end; i++)
            out[offset + i - start] = table[(codes[i] as number) + 1] as number
        },
      }
    }
  }
}

type Base = Pick<CompiledFactor, 'id' | 'field' | 'weight' | 'missing' | 'reader'>

/** v of a present finite number for the numeric transforms, exactly as DESIGN.md writes it. */
function numericValue(
  transform: Extract<Transform, { kind: 'linear' | 'log' | 'buckets' }>,
): (x: number) => number {
  switch (transform.kind) {
    case 'linear': {
      const { min, max } = transform
      const range = max - min
      return transform.invert
        ? (x) => 1 - clamp01((x - min) / range)
        : (x) => clamp01((x - min) / range)
    }
    case 'log': {
      const lnMin = Math.log(transform.min)
      const lnRange = Math.log(transform.max) - lnMin
      return (x) => (x <= 0 ? 0 : clamp01((Math.log(x) - lnMin) / lnRange))
    }
    case 'buckets': {
      const { edges, scores } = transform
      return (x) => {
        let k = 0
        while (k < edges.length && x >= (edges[k] as number)) k++
        // A draft may have too few scores; an absent score counts as 0 until validation is satisfied.
        return scores[k] ?? 0
      }
    }
  }
}

function numericFactor(base: Base, of: (x: number) => number): CompiledFactor {
  return floatFactor(base, readNumber, (x) => of(x))
}

function floatFactor(
  base: Base,
  read: (raw: unknown) => number,
  of: (x: number, asOf: number) => number,
): CompiledFactor {
  const missing = base.missing
  return {
    ...base,
    value(raw, asOf) {
      const x = read(raw)
      return Number.isNaN(x) ? missing : of(x, asOf)
    },
    fill(column, start, end, out, offset, asOf) {
      const values = (column as { values: Float64Array }).values
      for (let i = start; i < end; i++) {
        const x = values[i] as number
        out[offset + i - start] = x !== x ? missing : of(x, asOf)
      }
    },
  }
}
