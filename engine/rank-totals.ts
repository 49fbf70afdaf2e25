import { sortRows } from './sort-rows.ts'

/** Totals in ascending order and each row's 1-based average rank (ties share the mean of their ranks). */
export interface RankedTotals {
  readonly sorted: Float64Array
  readonly ranks: Float64Array
}

/**
 * Ranks totals in expected linear time: a bucket sort (sortRows), then one walk in sorted order gives
 * every run of equal values its mean rank. Exact, ties included — not an approximation — and faster
 * than a comparison sort.
 */
export function rankTotals(totals: Float64Array): RankedTotals {
  const n = totals.length
  const { sorted, rows } = sortRows(totals)
  const ranks = new Float64Array(n)
  for (let start = 0; start < n;) {
    const x = sorted[start] as number
    let end = start + 1
    while (end < n && sorted[end] === x) end++
    const rank = (start + end - 1) / 2 + 1
    for (let k = start; k < end; k++) ranks[rows[k] as number] = rank
    start = end
  }
  return { sorted, ranks }
}
