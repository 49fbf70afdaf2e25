import type { FactorKernels } from './factor-kernel.ts'
import { BOOL_FALSE, BOOL_TRUE, MISSING_BOOL, readBoolean } from './read-value.ts'

/** A boolean factor's kernels: whenTrue, whenFalse or missing, by table. */
export function booleanKernels(
  whenTrue: number,
  whenFalse: number,
  missing: number,
): FactorKernels {
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
