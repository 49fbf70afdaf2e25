import type { Factor, Transform } from '../shared/model-schema.ts'
import { fastExp } from './fast-exp.ts'
import { createCategoryValueCache } from './category-value-cache.ts'
import { LOG_MIN, fastLog, lnNormal } from './fast-log.ts'
import type { PreparedColumn, Reader } from './prepare-column.ts'
import {
  BOOL_FALSE,
  BOOL_TRUE,
  MISSING_BOOL,
  isMissing,
  readBoolean,
  readCategoryKey,
  readInstant,
  readNumber,
} from './read-value.ts'

const MS_PER_DAY = 86_400_000

/**
 * What a kernel reads: a prepared column, or a raw column read in place, exactly as preparing it
 * would read it, without the extra pass: (`typed`) a Float64Array read by a number, instant or
 * boolean kernel, where numbers and instants are missing when NaN or ±Infinity and booleans are 1,
 * 0 or missing; (`values`) an array of lead values read by a category kernel.
 */
export type FactorSource =
  | PreparedColumn
  | { readonly reader: 'typed'; readonly values: Float64Array }
  | { readonly reader: 'values'; readonly values: ArrayLike<unknown> }

/** A factor compiled once: its value for one raw lead value, and a kernel over a column. */
export interface CompiledFactor {
  readonly id: string
  readonly field: string
  readonly weight: number
  readonly missing: number
  readonly reader: Reader
  /** v for one raw value (the factor's `missing` when the value is missing). */
  value(raw: unknown, asOf: number): number
  /** Writes v for rows [start, end) of a column into out[offset…]. */
  fill(
    column: FactorSource,
    start: number,
    end: number,
    out: Float64Array,
    offset: number,
    asOf: number,
  ): void
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

/*
 * The formulas, exactly as DESIGN.md writes them. They are plain module functions so that each
 * kernel loop below calls one known target, which the JIT inlines: a kernel per transform kind
 * instead of one shared loop calling a different closure per factor, which it cannot inline.
 *
 * Every factor of a kind shares its kernel's optimized code, so the numbers a kernel captures
 * (min, missing, rate…) are tagged values to it: a small integer or a heap number, whichever the
 * factor has. A loop that mixes one with the doubles it reads from typed arrays checks, converts or
 * even boxes it on every row (a bucket value took 13 ns, 7 without). So each kernel keeps its
 * numbers in a Float64Array (`unboxed`) and reads them into locals, plain doubles, before its loop.
 */

/** A finite number; NaN and ±Infinity (both give NaN here) are missing. */
function isPresent(x: number): boolean {
  return x - x === 0
}

/**
 * isPresent as 0 or 1 without a branch, for an index: written as an ordering rather than `=== 0`,
 * since V8 compiles a float equality to a compare and two jumps (one for NaN), an ordering to a
 * single flag.
 */
function presence(x: number): number {
  return +(x - x >= 0)
}

/** Clamps to [0,1]; NaN (from a degenerate draft range) becomes 0 so totals stay numbers. */
function clamp01(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0
}

/**
 * clamp((x − min) / range, 0, 1), 1 minus that when inverted, or missing for a missing x (NaN or
 * ±Infinity), chosen without a branch: which of the four outcomes x has is an index computed from
 * comparisons, into `pick` = [low, ·, high, missing] ([0, ·, 1, missing], or [1, ·, 0, missing]
 * inverted, since 1 − clamp(v) is 1 − v in range), whose slot 1 takes the in-range value. Random
 * values mispredict a branch on the clamp often enough to cost more than all the arithmetic
 * (measured: 8 ns a value with branches, 4 without). NaN from a degenerate draft range reads slot 0.
 */
function linearValue(
  x: number,
  min: number,
  range: number,
  invert: boolean,
  pick: Float64Array,
): number {
  const v = (x - min) / range
  pick[1] = invert ? 1 - v : v
  const p = presence(x)
  return pick[(+(v > 0) + +(v >= 1)) * p + 3 * (1 - p)] as number
}

function logOf(x: number, lnMin: number, lnRange: number): number {
  return x <= 0 ? 0 : clamp01((fastLog(x) - lnMin) / lnRange)
}

/**
 * logOf for a valid range (LOG_MIN ≤ min < max), without a branch (like linearValue, whose
 * `pick` it shares the layout of: [0, ·, 1, missing]). At or below min it is 0 and at or above
 * max 1 without the logarithm's rounding; in between every x is a normal double, where lnNormal
 * holds; for any other x lnNormal's result is computed and not read.
 */
function rangedLogValue(
  x: number,
  min: number,
  max: number,
  lnMin: number,
  lnRange: number,
  pick: Float64Array,
): number {
  const v = (lnNormal(x) - lnMin) / lnRange
  pick[1] = v
  const high = +(x >= max)
  const inside = +(x > min) * (1 - high)
  const p = presence(x)
  return pick[(2 * high + inside * (+(v > 0) + +(v >= 1))) * p + 3 * (1 - p)] as number
}

/** scores[k] where k counts edges from the first while x reaches them; `scores` is padded with 0. */
function bucketOf(x: number, edges: Float64Array, scores: Float64Array): number {
  let k = 0
  while (k < edges.length && x >= (edges[k] as number)) k++
  return scores[k] as number
}

/**
 * bucketOf for edges in increasing order, where the edges x reaches come first, so k is simply
 * how many it reaches: counted without a branch per edge, which random values mispredict.
 */
function sortedBucketOf(x: number, edges: Float64Array, scores: Float64Array): number {
  let k = 0
  for (let e = 0; e < edges.length; e++) k += +(x >= (edges[e] as number))
  return scores[k] as number
}

/**
 * 0.5^(days / halfLife), computed as exp(days × ln(0.5) / halfLife) with fastExp: the same value to
 * within a few ulps (far inside the contract's 1e-9) at a tenth of Math.pow's cost, the hottest call
 * in scoring.
 */
function recencyOf(t: number, asOf: number, rate: number): number {
  return fastExp(Math.max(0, (asOf - t) / MS_PER_DAY) * rate)
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

type Kernels = Pick<CompiledFactor, 'value' | 'fill'>

function floats(column: FactorSource): Float64Array {
  return (column as { values: Float64Array }).values
}

function linearKernels(
  min: number,
  max: number,
  invert: boolean | undefined,
  missing: number,
): Kernels {
  const range = max - min
  const inverted = invert === true
  const pick = Float64Array.of(inverted ? 1 : 0, 0, inverted ? 0 : 1, missing)
  const unboxed = Float64Array.of(min, range)
  return {
    value: (raw) => linearValue(readNumber(raw), min, range, inverted, pick),
    fill(column, start, end, out, offset) {
      const values = floats(column)
      const lo = unboxed[0] as number
      const width = unboxed[1] as number
      for (let i = start, o = offset; i < end; i++, o++) {
        out[o] = linearValue(values[i] as number, lo, width, inverted, pick)
      }
    },
  }
}

function logKernels(min: number, max: number, missing: number): Kernels {
  const lnMin = Math.log(min)
  const lnRange = Math.log(max) - lnMin
  if (!(min >= LOG_MIN && min < max)) {
    // A draft's degenerate range (or a subnormal min): the formula as written, whatever it gives.
    const unboxed = Float64Array.of(missing)
    return {
      value(raw) {
        const x = readNumber(raw)
        return x !== x ? missing : logOf(x, lnMin, lnRange)
      },
      fill(column, start, end, out, offset) {
        const values = floats(column)
        const m = unboxed[0] as number
        for (let i = start, o = offset; i < end; i++, o++) {
          const x = values[i] as number
          out[o] = isPresent(x) ? logOf(x, lnMin, lnRange) : m
        }
      },
    }
  }
  const pick = Float64Array.of(0, 0, 1, missing)
  const unboxed = Float64Array.of(min, max, lnMin, lnRange)
  return {
    value: (raw) => rangedLogValue(readNumber(raw), min, max, lnMin, lnRange, pick),
    fill(column, start, end, out, offset) {
      const values = floats(column)
      const lo = unboxed[0] as number
      const hi = unboxed[1] as number
      const lnLo = unboxed[2] as number
      const lnWidth = unboxed[3] as number
      for (let i = start, o = offset; i < end; i++, o++) {
        out[o] = rangedLogValue(values[i] as number, lo, hi, lnLo, lnWidth, pick)
      }
    },
  }
}

function bucketKernels(
  edgeList: readonly number[],
  scoreList: readonly number[],
  missing: number,
): Kernels {
  const edges = Float64Array.from(edgeList)
  // A draft may have too few scores; an absent score counts as 0 until validation is satisfied.
  const scores = Float64Array.from({ length: edges.length + 1 }, (_, k) => scoreList[k] ?? 0)
  const unboxed = Float64Array.of(missing)
  if (isSorted(edges)) {
    // Up to four edges (the common case) are compared unrolled, the absent ones as +Infinity, which
    // no present x reaches: a loop over a length the shared code cannot know costs twice as much.
    const padded = Float64Array.from({ length: 4 }, (_, e) => edges[e] ?? Infinity)
    return {
      value(raw) {
        const x = readNumber(raw)
        return x !== x ? missing : sortedBucketOf(x, edges, scores)
      },
      fill(column, start, end, out, offset) {
        const values = floats(column)
        const m = unboxed[0] as number
        if (edges.length <= 4) {
          const e0 = padded[0] as number
          const e1 = padded[1] as number
          const e2 = padded[2] as number
          const e3 = padded[3] as number
          for (let i = start, o = offset; i < end; i++, o++) {
            const x = values[i] as number
            const k = +(x >= e0) + +(x >= e1) + +(x >= e2) + +(x >= e3)
            out[o] = isPresent(x) ? (scores[k] as number) : m
          }
          return
        }
        for (let i = start, o = offset; i < end; i++, o++) {
          const x = values[i] as number
          out[o] = isPresent(x) ? sortedBucketOf(x, edges, scores) : m
        }
      },
    }
  }
  // A draft's edges may be out of order; the scan then stops at the first edge x does not reach.
  return {
    value(raw) {
      const x = readNumber(raw)
      return x !== x ? missing : bucketOf(x, edges, scores)
    },
    fill(column, start, end, out, offset) {
      const values = floats(column)
      const m = unboxed[0] as number
      for (let i = start, o = offset; i < end; i++, o++) {
        const x = values[i] as number
        out[o] = isPresent(x) ? bucketOf(x, edges, scores) : m
      }
    },
  }
}

/** Non-decreasing and free of NaN. */
function isSorted(edges: Float64Array): boolean {
  for (let e = 0; e < edges.length; e++) {
    const x = edges[e] as number
    if (x !== x || (e > 0 && x < (edges[e - 1] as number))) return false
  }
  return true
}

function recencyKernels(halfLife: number, missing: number): Kernels {
  const rate = -Math.LN2 / halfLife
  const unboxed = Float64Array.of(missing, rate, 0)
  return {
    value(raw, asOf) {
      const t = readInstant(raw)
      return t !== t ? missing : recencyOf(t, asOf, rate)
    },
    fill(column, start, end, out, offset, asOf) {
      const values = floats(column)
      unboxed[2] = asOf
      const m = unboxed[0] as number
      const r = unboxed[1] as number
      const now = unboxed[2] as number
      for (let i = start, o = offset; i < end; i++, o++) {
        const t = values[i] as number
        out[o] = isPresent(t) ? recencyOf(t, now, r) : m
      }
    },
  }
}

function booleanKernels(whenTrue: number, whenFalse: number, missing: number): Kernels {
  // v by prepared value + 1: MISSING_BOOL, BOOL_FALSE, BOOL_TRUE.
  const table = new Float64Array(3)
  table[MISSING_BOOL + 1] = missing
  table[BOOL_FALSE + 1] = whenFalse
  table[BOOL_TRUE + 1] = whenTrue
  return {
    value: (raw) => table[readBoolean(raw) + 1] as number,
    fill(column, start, end, out, offset) {
      if (column.reader === 'typed') {
        // readBoolean of a number: exactly 1 is true, exactly 0 false, anything else missing;
        // the table index is computed without branches, which random flags would mispredict, and
        // x = c as x ≥ c and x ≤ c (orderings, unlike a float equality, compile without a jump).
        const values = column.values
        // Read once: an imported binding is loaded and checked at every use (5 → 2 ns a value).
        const t = BOOL_TRUE + 1
        const f = BOOL_FALSE + 1
        for (let i = start, o = offset; i < end; i++, o++) {
          const x = values[i] as number
          out[o] = table[(+(x >= 1) & +(x <= 1)) * t + (+(x >= 0) & +(x <= 0)) * f] as number
        }
        return
      }
      const values = (column as { values: Int8Array }).values
      for (let i = start, o = offset; i < end; i++, o++) {
        out[o] = table[(values[i] as number) + 1] as number
      }
    },
  }
}

function categoryKernels(
  map: Readonly<Record<string, number>>,
  fallback: number,
  missing: number,
): Kernels {
  const of = (key: string): number => (Object.hasOwn(map, key) ? (map[key] as number) : fallback)
  const value = (raw: unknown): number => (isMissing(raw) ? missing : of(readCategoryKey(raw)))
  const inPlace = createCategoryValueCache(value)
  // v by code + 1 for the last column seen; scoring block by block asks for the same one each time.
  let lastKeys: readonly string[] | null = null
  let lastCount = -1
  let table = new Float64Array(0)
  return {
    value,
    fill(column, start, end, out, offset) {
      if (column.reader === 'values') {
        inPlace.fill(column.values, start, end, out, offset)
        return
      }
      const { codes, keys } = column as { codes: Int32Array; keys: string[] }
      if (keys !== lastKeys || keys.length !== lastCount) {
        table = new Float64Array(keys.length + 1)
        table[0] = missing
        for (let k = 0; k < keys.length; k++) table[k + 1] = of(keys[k] as string)
        lastKeys = keys
        lastCount = keys.length
      }
      for (let i = start, o = offset; i < end; i++, o++) {
        out[o] = table[(codes[i] as number) + 1] as number
      }
    },
  }
}
