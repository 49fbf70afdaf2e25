/**
 * Latency arithmetic for the sync benchmark. Times are milliseconds on the system-wide monotonic
 * clock (`process.hrtime`), so that times taken in different processes compare.
 */

/** Now on the monotonic clock every process on this machine shares, in milliseconds. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** The edits one writer made: after edit i its own clock was `clocks[i]`, taken at `times[i]`. */
export interface EditLog {
  readonly clocks: Float64Array
  readonly times: Float64Array
}

/** What one listener saw: at `times[j]` its doc held the writer's clock up to `clocks[j]`. */
export interface Observations {
  readonly clocks: readonly number[]
  readonly times: readonly number[]
}

/**
 * Each edit's latency to one listener: the time from the writer's local update to the first
 * moment the listener's doc held it (an update may carry several edits). Edits the listener never
 * saw are counted in `missed`. `fastest[i]` is lowered to edit i's latency when that is lower.
 */
export function latenciesOf(
  edits: EditLog,
  seen: Observations,
  into: number[],
  fastest: Float64Array,
): { missed: number } {
  let j = 0
  let missed = 0
  for (let i = 0; i < edits.clocks.length; i++) {
    const clock = edits.clocks[i] as number
    while (j < seen.clocks.length && (seen.clocks[j] as number) < clock) j++
    if (j === seen.clocks.length) {
      missed += edits.clocks.length - i
      break
    }
    const latency = (seen.times[j] as number) - (edits.times[i] as number)
    into.push(latency)
    if (latency < (fastest[i] as number)) fastest[i] = latency
  }
  return { missed }
}

/** Percentiles of a sample; a sample with missed values counts them as infinitely late. */
export interface LatencySummary {
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly samples: number
  readonly missed: number
}

/** Nearest-rank p50/p99 over `latencies` plus `missed` infinite values. */
export function summarize(latencies: ArrayLike<number>, missed = 0): LatencySummary {
  const sorted = Float64Array.from(latencies).sort()
  const total = sorted.length + missed
  const at = (q: number): number => {
    if (total === 0) return Number.NaN
    const rank = Math.max(1, Math.ceil(q * total)) - 1
    return rank < sorted.length ? (sorted[rank] as number) : Number.POSITIVE_INFINITY
  }
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: missed > 0 ? Number.POSITIVE_INFINITY : (sorted[sorted.length - 1] ?? Number.NaN),
    samples: sorted.length,
    missed,
  }
}
