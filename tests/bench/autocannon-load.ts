import { createRequire } from 'node:module'
import { row, type BenchRow } from './bench-timing.ts'

export interface AutocannonOptions {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
  connections?: number
  pipelining?: number
  duration?: number
}
interface Histogram {
  average: number
  p50: number
  p99: number
}
export interface AutocannonResult {
  requests: Histogram & { total: number }
  latency: Histogram
  errors: number
  non2xx: number
}
// autocannon ships no types; this is the part of its API used here.
export const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>

export const DURATION_S = 6
export const CONNECTIONS = 32

/** A load run of DURATION_S with CONNECTIONS unless told otherwise; any error or non-2xx throws. */
export async function load(options: AutocannonOptions): Promise<AutocannonResult> {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options })
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`)
  }
  return result
}

/** Several runs as one: mean rate, and the worst of their latency percentiles. */
export function combine(runs: AutocannonResult[]): AutocannonResult {
  const mean = (pick: (r: AutocannonResult) => number) =>
    runs.reduce((sum, r) => sum + pick(r), 0) / runs.length
  const worst = (pick: (r: AutocannonResult) => number) => Math.max(...runs.map(pick))
  return {
    requests: {
      average: mean((r) => r.requests.average),
      p50: mean((r) => r.requests.p50),
      p99: mean((r) => r.requests.p99),
      total: runs.reduce((sum, r) => sum + r.requests.total, 0),
    },
    latency: {
      average: mean((r) => r.latency.average),
      p50: worst((r) => r.latency.p50),
      p99: worst((r) => r.latency.p99),
    },
    errors: 0,
    non2xx: 0,
  }
}

/** A row whose `median ms` holds one figure in ms (a latency, or ms per request for a rate). */
export function figureRow(name: string, ms: number, runsMs: number[]): BenchRow {
  return row(name, { medianMs: ms, runsMs }, 1)
}

/** Milliseconds per request at a run's mean rate. */
export const perRequest = (r: AutocannonResult): number => 1000 / r.requests.average
