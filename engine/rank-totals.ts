/** Totals in ascending order and each row's 1-based average rank (ties share the mean of their ranks). */
export interface RankedTotals {
  readonly sorted: Float64Array
  readonly ranks: Float64Array
}

/**
 * Ranks totals in expected linear time: a bucket sort over the value range (buckets are monotone in the
 * value, so bucket order is value order) carrying each row index along, then one walk in sorted order
 * gives every run of equal values its mean rank. Exact, ties included — not an approximation — and
 * faster than a comparison sort.
 */
export function rankTotals(totals: Float64Array): RankedTotals {
  const n = totals.length
  const sorted = new Float64Array(n)
  const rows = new Int32Array(n)
  const ranks = new Float64Array(n)
  if (n === 0) return { sorted, ranks }
  bucketSort(totals, sorted, rows)
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

/** Writes totals in ascending order into `sorted`, and into `rows` the row each came from. */
function bucketSort(totals: Float64Array, sorted: Float64Array, rows: Int32Array): void {
  const n = totals.length
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const x = totals[i] as number
    if (x < min) min = x
    if (x > max) max = x
  }
  const buckets = Math.max(1, n >> 1)
  // A range too narrow (denormals) or too wide to scale falls back to one bucket.
  const spread = buckets / (max - min)
  const scale = max > min && Number.isFinite(spread) ? spread : 0
  const bucketOf = new Int32Array(n)
  const starts = new Int32Array(buckets + 1)
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor(((totals[i] as number) - min) * scale))
    bucketOf[i] = b
    starts[b + 1] = (starts[b + 1] as number) + 1
  }
  for (let b = 0; b < buckets; b++)
    starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number)
  const fill = starts.slice(0, buckets)
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i] as number
    const at = fill[b] as number
    sorted[at] = totals[i] as number
    rows[at] = i
    fill[b] = at + 1
  }
  for (let b = 0; b < buckets; b++) {
    const start = starts[b] as number
    const end = starts[b + 1] as number
    if (end - start > 1) sortPairs(sorted, rows, start, end)
  }
}

/** Sorts sorted[start, end) ascending, moving rows[] along; insertion sort while short, else by index. */
function sortPairs(sorted: Float64Array, rows: Int32Array, start: number, end: number): void {
  if (end - start > 32) {
    const order = Array.from({ length: end - start }, (_, k) => start + k).sort(
      (p, q) => (sorted[p] as number) - (sorted[q] as number),
    )
    const values = order.map((p) => sorted[p] as number)
    const origins = order.map((p) => rows[p] as number)
    sorted.set(values, start)
    rows.set(origins, start)
    return
  }
  for (let i = start + 1; i < end; i++) {
    const x = sorted[i] as number
    const row = rows[i] as number
    let j = i - 1
    while (j >= start && (sorted[j] as number) > x) {
      sorted[j + 1] = sorted[j] as number
      rows[j + 1] = rows[j] as number
      j--
    }
    sorted[j + 1] = x
    rows[j + 1] = row
  }
}
