/** How many untimed warm-up runs come before how many timed ones. */
export interface MeasureOptions {
  readonly warmup?: number
  readonly runs?: number
}

/** The timed runs of one measurement, in milliseconds, and their median. */
export interface Timing {
  readonly medianMs: number
  readonly runsMs: readonly number[]
}

/** One line of a section's table; ratio and goal are optional. */
export interface BenchRow {
  readonly name: string
  readonly medianMs: number
  readonly runsMs: readonly number[]
  /** Leads per run, so that per-lead figures compare across sizes. */
  readonly leads: number
  readonly perLeadNs: number
  /** This row's median (per lead when `perLead`) divided by its peer's. */
  readonly ratio?: { readonly peer: string; readonly value: number; readonly perLead: boolean }
  readonly goal?: { readonly text: string; readonly pass: boolean }
}

/** What a section module returns: its table, plus any other figures worth keeping. */
export interface BenchSection {
  readonly rows: readonly BenchRow[]
  readonly figures?: Readonly<Record<string, unknown>>
}

/** How long to let the collector's background threads finish after a collection. */
const SETTLE_MS = 15

/**
 * Collects garbage between runs so one run's garbage is not paid by the next (needs --expose-gc),
 * then waits a moment: a full collection leaves sweeping to background threads, which would
 * otherwise compete with the timed run on a two-core machine.
 */
export function collectGarbage(): void {
  if (!globalThis.gc) return
  globalThis.gc()
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SETTLE_MS)
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** Values kept so the optimiser cannot drop a measured computation whose result is unused. */
export const sink: unknown[] = []

/** Times `run` after warming up: each run is preceded by a full garbage collection. */
export function measure(run: (i: number) => unknown, options: MeasureOptions = {}): Timing {
  return measureTogether({ run }, options).run as Timing
}

/**
 * Times several computations that are to be compared, in turns (a, b, c, a, b, c…), so that a
 * change in the machine's load while they run falls on all of them alike.
 */
export function measureTogether<K extends string>(
  runs: Record<K, (i: number) => unknown>,
  options: MeasureOptions = {},
): Record<K, Timing> {
  const { warmup = 2, runs: count = 7 } = options
  const entries = Object.entries(runs) as [K, (i: number) => unknown][]
  for (let i = 0; i < warmup; i++) for (const [, run] of entries) sink[0] = run(i)
  const times = entries.map(() => [] as number[])
  for (let i = 0; i < count; i++) {
    entries.forEach(([, run], k) => {
      collectGarbage()
      const start = performance.now()
      sink[0] = run(warmup + i)
      ;(times[k] as number[]).push(performance.now() - start)
    })
  }
  const result = {} as Record<K, Timing>
  entries.forEach(([name], k) => {
    const runsMs = times[k] as number[]
    result[name] = { medianMs: median(runsMs), runsMs }
  })
  return result
}

/** measure() for asynchronous work. */
export async function measureAsync(
  run: (i: number) => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Timing> {
  const { warmup = 2, runs = 7 } = options
  for (let i = 0; i < warmup; i++) sink[0] = await run(i)
  const runsMs: number[] = []
  for (let i = 0; i < runs; i++) {
    collectGarbage()
    const start = performance.now()
    sink[0] = await run(warmup + i)
    runsMs.push(performance.now() - start)
  }
  return { medianMs: median(runsMs), runsMs }
}

/** A table row from a timing over `leads` leads. */
export function row(name: string, timing: Timing, leads: number): BenchRow {
  return {
    name,
    medianMs: timing.medianMs,
    runsMs: timing.runsMs,
    leads,
    perLeadNs: (timing.medianMs * 1e6) / leads,
  }
}

/** The row with its ratio to a peer row: of medians, or of per-lead times when sizes differ. */
export function against(r: BenchRow, peer: BenchRow, perLead = r.leads !== peer.leads): BenchRow {
  const value = perLead ? r.perLeadNs / peer.perLeadNs : r.medianMs / peer.medianMs
  return { ...r, ratio: { peer: peer.name, value, perLead } }
}

/** The row with a goal and whether it is met. */
export function withGoal(r: BenchRow, text: string, pass: boolean): BenchRow {
  return { ...r, goal: { text, pass } }
}

/** A section's rows as an aligned text table. */
export function formatTable(title: string, rows: readonly BenchRow[]): string {
  const header = ['name', 'median ms', 'per lead ns', 'ratio vs peer', 'goal', 'result']
  const cells = rows.map((r) => [
    r.name,
    r.medianMs.toFixed(r.medianMs < 10 ? 2 : 1),
    r.perLeadNs < 100 ? r.perLeadNs.toFixed(2) : r.perLeadNs.toFixed(0),
    r.ratio
      ? `${formatRatio(r.ratio.value)} ${r.ratio.perLead ? 'per lead ' : ''}vs ${r.ratio.peer}`
      : '',
    r.goal?.text ?? '',
    r.goal ? (r.goal.pass ? 'PASS' : 'MISS') : '',
  ])
  const widths = header.map((h, c) =>
    Math.max(h.length, ...cells.map((line) => (line[c] as string).length)),
  )
  const line = (values: readonly string[]): string =>
    values
      .map((v, c) =>
        c === 0 || c >= 3 ? v.padEnd(widths[c] as number) : v.padStart(widths[c] as number),
      )
      .join('  ')
      .trimEnd()
  return [
    title,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map(line),
  ].join('\n')
}

function formatRatio(x: number): string {
  if (x >= 100) return `${Math.round(x)}×`
  if (x >= 10) return `${x.toFixed(1)}×`
  return `${x.toFixed(2)}×`
}
