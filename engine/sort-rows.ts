/** Keys in ascending order and the input row each came from; equal keys keep their input order. */
export interface SortedRows {
  readonly sorted: Float64Array
  readonly rows: Int32Array
}

/**
 * Sorts keys in expected linear time: a bucket sort over the value range (buckets are monotone in the
 * value, so bucket order is value order) carrying each row index along, then each bucket sorted on its
 * own. Stable: equal keys keep their input order. NaN keys are not ordered; callers map them first.
 */
export function sortRows(keys: Float64Array): SortedRows {
  const n = keys.length
  const sorted = new Float64Array(n)
  const rows = new Int32Array(n)
  if (n > 0) bucketSort(keys, sorted, rows)
  return { sorted, rows }
}

function bucketSort(keys: Float64Array, sorted: Float64Array, rows: Int32Array): void {
  const n = keys.length
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const x = keys[i] as number
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
    const b = Math.min(buckets - 1, Math.floor(((keys[i] as number) - min) * scale))
    bucketOf[i] = b
    starts[b + 1] = (starts[b + 1] as number) + 1
  }
  for (let b = 0; b < buckets; b++)
    starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number)
  const fill = starts.slice(0, buckets)
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i] as number
    const at = fill[b] as number
    sorted[at] = keys[i] as number
    rows[at] = i
    fill[b] = at + 1
  }
  for (let b = 0; b < buckets; b++) {
    const start = starts[b] as number
    const end = starts[b + 1] as number
    if (end - start > 1) sortPairs(sorted, rows, start, end)
  }
}

/**
 * Sorts sorted[start, end) ascending, moving rows[] along, stably (rows enter each bucket in input
 * order): insertion sort while short; a run of one value (many tied totals) is left as it is; else by
 * index with the built-in stable sort.
 */
function sortPairs(sorted: Float64Array, rows: Int32Array, start: number, end: number): void {
  if (end - start > 32) {
    if (isConstant(sorted, start, end)) return
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

function isConstant(values: Float64Array, start: number, end: number): boolean {
  const first = values[start] as number
  for (let i = start + 1; i < end; i++) if (values[i] !== first) return false
  return true
}
