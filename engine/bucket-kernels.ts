import { floats, isPresent, presentNumberKernels, type FactorKernels } from './factor-kernel.ts'
import { readNumber } from './read-value.ts'

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

/** A buckets factor's kernels: the score of the bucket x falls in between the edges. */
export function bucketKernels(
  edgeList: readonly number[],
  scoreList: readonly number[],
  missing: number,
): FactorKernels {
  const edges = Float64Array.from(edgeList)
  // A draft may have too few scores; an absent score counts as 0 until validation is satisfied.
  const scores = Float64Array.from({ length: edges.length + 1 }, (_, k) => scoreList[k] ?? 0)
  // A draft's edges may be out of order; the scan then stops at the first edge x does not reach.
  if (!isSorted(edges)) return presentNumberKernels((x) => bucketOf(x, edges, scores), missing)
  // Up to four edges (the common case) are compared unrolled, the absent ones as +Infinity, which
  // no present x reaches: a loop over a length the shared code cannot know costs twice as much.
  const padded = Float64Array.from({ length: 4 }, (_, e) => edges[e] ?? Infinity)
  const unboxed = Float64Array.of(missing)
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

/** Non-decreasing and free of NaN. */
function isSorted(edges: Float64Array): boolean {
  for (let e = 0; e < edges.length; e++) {
    const x = edges[e] as number
    if (x !== x || (e > 0 && x < (edges[e - 1] as number))) return false
  }
  return true
}
