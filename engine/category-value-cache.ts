/**
 * A category factor's v for the values of a plain array column, read in place: without coding the
 * column into a dictionary first (a Map lookup per value, the largest cost of scoring raw columns).
 *
 * A column holds few distinct labels, each usually the very same string many times, so a small
 * direct-mapped cache keyed by a string's length and first and last characters answers most
 * values with one `===` (a pointer comparison when the string is the one cached). A miss (a new
 * label, or two labels sharing a slot) asks `valueOf` and takes the slot; v depends only on the
 * string's content, so a cached answer is right for any string equal to the cached one.
 */

const SLOTS = 256

export interface CategoryValueCache {
  /** Writes v of values[start…end) into out[offset…]. */
  fill(
    values: ArrayLike<unknown>,
    start: number,
    end: number,
    out: Float64Array,
    offset: number,
  ): void
}

/** A cache over `valueOf`, the factor's v of one raw value (missing values included). */
export function createCategoryValueCache(valueOf: (raw: unknown) => number): CategoryValueCache {
  const keys: (string | null)[] = new Array<string | null>(SLOTS).fill(null)
  const cached = new Float64Array(SLOTS)
  return {
    fill(values, start, end, out, offset) {
      for (let i = start, o = offset; i < end; i++, o++) {
        const x = values[i]
        if (typeof x !== 'string' || x.length === 0) {
          out[o] = valueOf(x)
          continue
        }
        const slot =
          (x.length * 31 + x.charCodeAt(0) * 7 + x.charCodeAt(x.length - 1)) & (SLOTS - 1)
        if (keys[slot] === x) {
          out[o] = cached[slot] as number
          continue
        }
        const v = valueOf(x)
        keys[slot] = x
        cached[slot] = v
        out[o] = v
      }
    },
  }
}
