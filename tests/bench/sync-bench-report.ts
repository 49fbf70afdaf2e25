import { against, row, withGoal, type BenchRow } from './bench-timing.ts'
import type { ColdLoadFigures } from './sync-cold-load.ts'
import type { LatencySummary } from './sync-latency.ts'
import type { CommitTimes } from './sync-our-server-child.ts'

const SIZES = [10, 100, 500] as const
const FANOUT_LISTENERS = 100

export type LatencyFigures = LatencySummary & {
  /** Each edit's latency to the first listener that had it: server turnaround plus one client. */
  firstListener: LatencySummary
  connectMs: number
}

export interface FanoutStep {
  targetRate: number
  /** 2 when the step was tried again after a miss. */
  attempt: number
  achievedRate: number
  edits: number
  p50: number
  p99: number
  missed: number
  serverCpuMs: number
  pass: boolean
}

export interface FanoutFigures {
  /** The highest rate (edits/s) at which p99 stayed under the limit; 0 when none did. */
  maxRate: number
  steps: FanoutStep[]
  /** Server CPU per edit at one common rate, from /proc (10 ms resolution per turn). */
  serverCpu: { rate: number; msPerEdit: number; turnsMsPerEdit: number[] }
}

export interface ServerFigures {
  name: string
  latency: Record<number, LatencyFigures>
  fanout: FanoutFigures
  /** Listener connections the server closed during the run (each a reconnect of a stock client). */
  listenerCloses: number
  /** Edits the writer made (each one update), besides the initial model. */
  edits: number
  updatesPersisted?: number
  commits?: CommitTimes
}

/**
 * The runner's rows: `median ms` holds the row's figure in ms (a p99, a time per edit at the
 * highest rate, a load time); each run counts as one unit, so `per lead ns` is that figure in ns.
 */
export function rowsOf(servers: readonly ServerFigures[], cold: ColdLoadFigures): BenchRow[] {
  const [reference, ours, relay] = servers as [ServerFigures, ServerFigures, ServerFigures]
  const rows: BenchRow[] = []
  for (const clients of SIZES) {
    const p99Row = (s: ServerFigures) => {
      const l = s.latency[clients] as LatencySummary
      return figureRow(`p99 edit→peer, ${clients} clients: ${s.name}`, l.p99, [l.p50, l.p99])
    }
    const ref = p99Row(reference)
    const persisted = against(p99Row(ours), ref)
    rows.push(ref, goal(persisted, '≤ 1.2× reference, durable', 1.2), against(p99Row(relay), ref))
  }
  const rateRow = (s: ServerFigures) =>
    figureRow(
      `fan-out to ${FANOUT_LISTENERS}: ${s.name}, ${s.fanout.maxRate}/s (ms per edit)`,
      1000 / s.fanout.maxRate,
      s.fanout.steps.filter((step) => step.pass).map((step) => 1000 / step.targetRate),
    )
  const relayRate = rateRow(relay)
  rows.push(
    against(rateRow(reference), relayRate),
    goal(against(rateRow(ours), relayRate), 'rate ≥ 90% of no persistence', 1 / 0.9),
    relayRate,
  )
  const cpuRow = (s: ServerFigures) =>
    figureRow(
      `fan-out to ${FANOUT_LISTENERS}: ${s.name}, server CPU per edit at ${s.fanout.serverCpu.rate}/s`,
      s.fanout.serverCpu.msPerEdit,
      s.fanout.serverCpu.turnsMsPerEdit,
    )
  const relayCpu = cpuRow(relay)
  rows.push(against(cpuRow(reference), relayCpu), against(cpuRow(ours), relayCpu), relayCpu)

  const c = cold
  const bare = figureRow(
    `cold ${c.edits / 1000}k edits: bare Y.applyUpdate`,
    ...medianOf(c.compacted.bareMs),
  )
  const serverSide = sumEach(c.compacted.loadMs, c.compacted.step2Ms)
  rows.push(
    bare,
    goal(
      against(figureRow('cold: server load + sync step 2', ...medianOf(serverSide)), bare),
      '≤ 1.5× bare apply',
      1.5,
    ),
    against(figureRow('  of which SQLite read + apply', ...medianOf(c.compacted.loadMs)), bare),
    against(
      figureRow('  of which step 2 for a new client', ...medianOf(c.compacted.step2Ms)),
      bare,
    ),
    against(figureRow('cold: end to end, fresh server', ...medianOf(c.endToEnd.connectMs)), bare),
    against(
      figureRow('  of which the client applying', ...medianOf(c.endToEnd.clientApplyMs)),
      bare,
    ),
    against(figureRow('cold: end to end, doc reopened', ...medianOf(c.reopen.connectMs)), bare),
    against(figureRow('  of which the client applying', ...medianOf(c.reopen.clientApplyMs)), bare),
    against(
      figureRow(`cold: load, state + ${c.crashTail.tail} updates`, ...medianOf(c.crashTail.loadMs)),
      bare,
    ),
    against(
      figureRow(`cold: load, ${c.uncompacted.tail} updates`, ...medianOf(c.uncompacted.loadMs)),
      bare,
    ),
    figureRow(
      `  compacting those ${c.uncompacted.tail} updates`,
      ...medianOf(c.uncompacted.compactMs === null ? [] : [c.uncompacted.compactMs]),
    ),
  )
  return rows
}

/** The figures by server, side by side: easier to read than one row per figure. */
export function describeSync(
  servers: readonly ServerFigures[],
  cold: ColdLoadFigures,
  load: { before: number; after: number },
): string {
  const lines: string[][] = [['', ...servers.map((s) => s.name)]]
  for (const clients of SIZES) {
    lines.push([
      `${clients} clients: edit→peer p50 / p99 ms`,
      ...servers.map((s) => {
        const l = s.latency[clients] as LatencySummary
        return `${ms(l.p50)} / ${ms(l.p99)}${l.missed > 0 ? ` (${l.missed} missed)` : ''}`
      }),
    ])
    lines.push([
      '  first listener to see it p50 / p99 ms',
      ...servers.map((s) => {
        const first = (s.latency[clients] as LatencyFigures).firstListener
        return `${ms(first.p50)} / ${ms(first.p99)}`
      }),
    ])
  }
  lines.push(
    [
      `fan-out to ${FANOUT_LISTENERS}: max edits/s, p99 < 100 ms`,
      ...servers.map((s) => String(s.fanout.maxRate)),
    ],
    [
      `  server CPU ms per edit at ${servers[0]?.fanout.serverCpu.rate ?? '?'} edits/s`,
      ...servers.map((s) => ms(s.fanout.serverCpu.msPerEdit)),
    ],
    [
      'edits made / updates committed to SQLite',
      ...servers.map(
        (s) => `${s.edits} / ${s.updatesPersisted === undefined ? '-' : s.updatesPersisted}`,
      ),
    ],
    [
      '  commit time: mean ms; commits over 1/5/10/50 ms',
      ...servers.map((s) => {
        const c = s.commits
        if (c === undefined || c.count === 0) return '-'
        return `${ms(c.meanMs)}; ${c.over1ms}/${c.over5ms}/${c.over10ms}/${c.over50ms}`
      }),
    ],
    ['listener reconnects', ...servers.map((s) => String(s.listenerCloses))],
  )
  const widths = (lines[0] ?? []).map((_, c) =>
    Math.max(...lines.map((line) => (line[c] ?? '').length)),
  )
  const table = lines.map((line) =>
    line
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  )
  for (const s of servers) {
    const steps = s.fanout.steps.map(
      (step) =>
        `${step.targetRate}${step.attempt > 1 ? '′' : ''}→${ms(step.p99)}${step.pass ? '' : '✗'}`,
    )
    table.push(`fan-out steps, ${s.name} (edits/s → p99 ms; ′ = retry): ${steps.join(' ')}`)
  }
  const c = cold
  table.push(
    `cold load: ${c.edits} edits built through our server in ${ms(c.buildMs)} ms` +
      ` (state ${c.stateBytes} bytes); clean shutdown with final compaction ${ms(c.shutdownMs)} ms`,
    `  bare apply ${ms(median(c.compacted.bareMs))} ms; server load ${ms(median(c.compacted.loadMs))}` +
      ` + step 2 ${ms(median(c.compacted.step2Ms))} ms (stored tail ${c.compacted.tail})`,
    `  end to end ${c.endToEnd.connectMs.map(ms).join(', ')} ms,` +
      ` of which client apply ${c.endToEnd.clientApplyMs.map(ms).join(', ')} ms;` +
      ` reopened on that server ${c.reopen.connectMs.map(ms).join(', ')} ms`,
    `  after a crash (tail ${c.crashTail.tail}): load ${ms(median(c.crashTail.loadMs))} ms;` +
      ` never compacted (${c.uncompacted.tail}): load ${ms(median(c.uncompacted.loadMs))} ms,` +
      ` compaction ${ms(c.uncompacted.compactMs ?? Number.NaN)} ms;` +
      ` same state every time: ${c.compacted.sameState && c.crashTail.sameState && c.uncompacted.sameState}`,
    `load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after (2 cores)`,
  )
  return table.join('\n')
}

function figureRow(name: string, medianMs: number, runsMs: readonly number[]): BenchRow {
  return row(name, { medianMs, runsMs }, 1)
}

function goal(r: BenchRow, text: string, maxRatio: number): BenchRow {
  return withGoal(r, text, (r.ratio?.value ?? Number.POSITIVE_INFINITY) <= maxRatio)
}

function medianOf(runsMs: readonly number[]): [number, readonly number[]] {
  return [median(runsMs), runsMs]
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

function sumEach(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x + (b[i] ?? 0))
}

function ms(x: number): string {
  if (!Number.isFinite(x)) return String(x)
  return x < 10 ? x.toFixed(2) : x.toFixed(1)
}
