import {
  clamp01,
  floats,
  presence,
  presentNumberKernels,
  type FactorKernels,
} from './factor-kernel.ts'
import { LOG_MIN, fastLog, lnNormal } from './fast-log.ts'
import { readNumber } from './read-value.ts'

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

/** A log factor's kernels: clamp((ln x − ln min) / (ln max − ln min), 0, 1), 0 for x ≤ 0. */
export function logKernels(min: number, max: number, missing: number): FactorKernels {
  const lnMin = Math.log(min)
  const lnRange = Math.log(max) - lnMin
  if (!(min >= LOG_MIN && min < max)) {
    // A draft's degenerate range (or a subnormal min): the formula as written, whatever it gives.
    return presentNumberKernels((x) => logOf(x, lnMin, lnRange), missing)
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
