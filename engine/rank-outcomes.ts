import type { Outcomes } from './read-outcomes.ts'

/** The leads with a known outcome, by total from the highest down (ties in input order), and their outcomes. */
export interface RankedOutcomes {
  /** Totals, descending; a NaN total (a broken draft) is written as −Infinity, below every number. */
  readonly totals: Float64Array
  /** 1 converted, 0 not, aligned with `totals`. */
  readonly positive: Uint8Array
}

/**
 * Memory a ranking reuses from one call to the next, so that a live update (the worker's, on every
 * weight change) allocates nothing large and leaves the collector nothing to do. A ranking returns
 * views into it, valid until the next ranking with the same buffers.
 */
export interface RankBuffers {
  totals: Float64Array
  positive: Uint8Array
  spareTotals: Float64Array
  spareFlags: Uint8Array
  /** Bucket starts and fill cursors, one pair per recursion depth (made when first needed). */
  readonly starts: Int32Array[]
  readonly fills: Int32Array[]
}

/** Empty buffers; they grow to the largest dataset ranked with them. */
export function createRankBuffers(): RankBuffers {
  return {
    totals: new Float64Array(0),
    positive: new Uint8Array(0),
    spareTotals: new Float64Array(0),
    spareFlags: new Uint8Array(0),
    starts: [],
    fills: [],
  }
}

/** Buckets per pass: their counts stay in L1 and a pass writes to few enough places at once. */
const MAX_BUCKETS = 2048
/** Ranges this short are sorted by insertion. */
const SHORT = 32
/** Past this depth (a pathological spread of values) a range goes to the built-in sort. */
const MAX_DEPTH = 8

/**
 * Orders the leads with a known outcome by total, descending and stably, carrying only each lead's
 * outcome (a backtest needs nothing else). A most-significant-first bucket sort: each pass spreads a
 * range over at most 2048 buckets by value, so it reads and writes in few streams, and a bucket soon
 * fits in cache; short ranges are sorted by insertion. Expected linear time. `kept` is the number of
 * outcomes ≥ 0.
 */
export function rankOutcomes(
  totals: Float64Array,
  outcomes: Outcomes,
  kept: number,
  buffers: RankBuffers = createRankBuffers(),
): RankedOutcomes {
  if (buffers.totals.length < kept) {
    buffers.totals = new Float64Array(kept)
    buffers.positive = new Uint8Array(kept)
    buffers.spareTotals = new Float64Array(kept)
    buffers.spareFlags = new Uint8Array(kept)
  }
  const sorted = buffers.totals.subarray(0, kept)
  const positive = buffers.positive.subarray(0, kept)
  // +Infinity first, finite totals next, −Infinity and NaN last, each group in input order.
  let top = 0
  let bottom = 0
  for (let i = 0; i < totals.length; i++) {
    if ((outcomes[i] as number) < 0) continue
    const x = totals[i] as number
    if (x === Infinity) top++
    else if (!(x > -Infinity)) bottom++
  }
  let first = 0
  let middle = top
  let last = kept - bottom
  for (let i = 0; i < totals.length; i++) {
    const o = outcomes[i] as number
    if (o < 0) continue
    const x = totals[i] as number
    const at = x === Infinity ? first++ : x > -Infinity ? middle++ : last++
    sorted[at] = x > -Infinity ? x : -Infinity
    positive[at] = o
  }
  sortRange(sorted, positive, top, kept - bottom, buffers, 0)
  return { totals: sorted, positive }
}

/** Sorts sorted[start, end) (finite values) descending, stably, moving outcomes along. */
function sortRange(
  sorted: Float64Array,
  positive: Uint8Array,
  start: number,
  end: number,
  buffers: RankBuffers,
  depth: number,
): void {
  const { spareTotals, spareFlags } = buffers
  const size = end - start
  if (size <= SHORT) return insertionSort(sorted, positive, start, end)
  let min = Infinity
  let max = -Infinity
  for (let i = start; i < end; i++) {
    const x = sorted[i] as number
    if (x < min) min = x
    if (x > max) max = x
  }
  if (min === max) return
  const buckets = Math.min(MAX_BUCKETS, size >> 2)
  const scale = buckets / (max - min)
  if (!Number.isFinite(scale) || depth >= MAX_DEPTH)
    return builtInSort(sorted, positive, start, end)
  const lastBucket = buckets - 1
  const starts = (buffers.starts[depth] ??= new Int32Array(MAX_BUCKETS + 1))
  starts.fill(0, 0, buckets + 1)
  for (let i = start; i < end; i++) {
    const b = Math.min(lastBucket, Math.floor((max - (sorted[i] as number)) * scale))
    starts[b + 1] = (starts[b + 1] as number) + 1
  }
  starts[0] = start
  for (let b = 0; b < buckets; b++)
    starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number)
  const fill = (buffers.fills[depth] ??= new Int32Array(MAX_BUCKETS))
  fill.set(starts.subarray(0, buckets))
  for (let i = start; i < end; i++) {
    const x = sorted[i] as number
    const b = Math.min(lastBucket, Math.floor((max - x) * scale))
    const at = fill[b] as number
    spareTotals[at] = x
    spareFlags[at] = positive[i] as number
    fill[b] = at + 1
  }
  sorted.set(spareTotals.subarray(start, end), start)
  positive.set(spareFlags.subarray(start, end), start)
  for (let b = 0; b < buckets; b++) {
    const from = starts[b] as number
    const to = starts[b + 1] as number
    if (to - from > 1) sortRange(sorted, positive, from, to, buffers, depth + 1)
  }
}

function insertionSort(
  sorted: Float64Array,
  positive: Uint8Array,
  start: number,
  end: number,
): void {
  for (let i = start + 1; i < end; i++) {
    const x = sorted[i] as number
    const o = positive[i] as number
    let j = i - 1
    while (j >= start && (sorted[j] as number) < x) {
      sorted[j + 1] = sorted[j] as number
      positive[j + 1] = positive[j] as number
      j--
    }
    sorted[j + 1] = x
    positive[j + 1] = o
  }
}

/** The built-in sort is stable: ties keep the order they have. */
function builtInSort(sorted: Float64Array, positive: Uint8Array, start: number, end: number): void {
  const order = Array.from({ length: end - start }, (_, k) => start + k).sort(
    (p, q) => (sorted[q] as number) - (sorted[p] as number),
  )
  const values = order.map((p) => sorted[p] as number)
  const flags = order.map((p) => positive[p] as number)
  sorted.set(values, start)
  positive.set(flags, start)
}
