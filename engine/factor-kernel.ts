import type { PreparedColumn } from './prepare-column.ts'
import { readNumber } from './read-value.ts'

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

/** A factor's two kernels: its v for one raw lead value, and v over rows of a column. */
export interface FactorKernels {
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

/*
 * The formulas, exactly as DESIGN.md writes them, are plain module functions (here and in each
 * kind's *-kernels.ts) so that each kernel loop calls one known target, which the JIT inlines: a
 * kernel per transform kind instead of one shared loop calling a different closure per factor,
 * which it cannot inline.
 *
 * Every factor of a kind shares its kernel's optimized code, so the numbers a kernel captures
 * (min, missing, rate…) are tagged values to it: a small integer or a heap number, whichever the
 * factor has. A loop that mixes one with the doubles it reads from typed arrays checks, converts or
 * even boxes it on every row (a bucket value took 13 ns, 7 without). So each kernel keeps its
 * numbers in a Float64Array (`unboxed`) and reads them into locals, plain doubles, before its loop.
 */

/** A finite number; NaN and ±Infinity (both give NaN here) are missing. */
export function isPresent(x: number): boolean {
  return x - x === 0
}

/**
 * isPresent as 0 or 1 without a branch, for an index: written as an ordering rather than `=== 0`,
 * since V8 compiles a float equality to a compare and two jumps (one for NaN), an ordering to a
 * single flag.
 */
export function presence(x: number): number {
  return +(x - x >= 0)
}

/** Clamps to [0,1]; NaN (from a degenerate draft range) becomes 0 so totals stay numbers. */
export function clamp01(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0
}

/** The Float64Array a number or instant kernel reads (prepared, or a typed column in place). */
export function floats(column: FactorSource): Float64Array {
  return (column as { values: Float64Array }).values
}

/**
 * The kernels of a number factor whose v is `formula(x)` for a present x and `missing` otherwise,
 * for a draft's shapes that have no kernel of their own (unsorted bucket edges, a degenerate log
 * range): one loop for them all, calling each factor's formula, which the JIT cannot inline there
 * (a scored model's shapes keep their own loops, about twice as fast).
 */
export function presentNumberKernels(
  formula: (x: number) => number,
  missing: number,
): FactorKernels {
  const unboxed = Float64Array.of(missing)
  return {
    value(raw) {
      const x = readNumber(raw)
      return x !== x ? missing : formula(x)
    },
    fill(column, start, end, out, offset) {
      const values = floats(column)
      const m = unboxed[0] as number
      for (let i = start, o = offset; i < end; i++, o++) {
        const x = values[i] as number
        out[o] = isPresent(x) ? formula(x) : m
      }
    },
  }
}
