import { fastExp } from './fast-exp.ts'
import { floats, isPresent, type FactorKernels } from './factor-kernel.ts'
import { readInstant } from './read-value.ts'

const MS_PER_DAY = 86_400_000

/**
 * 0.5^(days / halfLife), computed as exp(days × ln(0.5) / halfLife) with fastExp: the same value to
 * within a few ulps (far inside the contract's 1e-9) at a tenth of Math.pow's cost, the hottest call
 * in scoring.
 */
function recencyOf(t: number, asOf: number, rate: number): number {
  return fastExp(Math.max(0, (asOf - t) / MS_PER_DAY) * rate)
}

/** A recency factor's kernels: 0.5^(days since the instant / half-life), 1 for the future. */
export function recencyKernels(halfLife: number, missing: number): FactorKernels {
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
