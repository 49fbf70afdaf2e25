/**
 * The sync section: our server with persistence on (every update committed to SQLite before it
 * is relayed) and off, side by side in one run with the y-websocket 2.1.0 reference server (in
 * memory). Each server runs in a child process of its own, with its own clients: one writer (a
 * stock y-websocket provider in this process) and listeners (stock providers, spread over two
 * child processes per server). All three are up at once and measured in turns, so that noise
 * from the machine falls on all of them alike.
 *
 * 1. edit → remote peer latency with 10, 100 and 500 clients on one doc (the writer and 9, 99,
 *    499 listeners): the writer edits at a steady, modest rate; an edit's latency to a listener
 *    runs from just before the writer's local transaction to the moment the listener's doc holds
 *    it, on the monotonic clock all processes share; p50/p99 over every (edit, listener) pair.
 * 2. fan-out: one writer, 100 listeners; the edit rate is doubled, then bisected, to find the
 *    highest rate at which p99 stays under 100 ms (a failed step is tried once more, so one
 *    hiccup of the machine does not end the search); then each server's CPU per edit at one
 *    common rate, from /proc.
 * 3. cold load of a doc with 20k edits (sync-cold-load.ts).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BenchSection } from './bench-timing.ts'
import {
  describeSync,
  rowsOf,
  type FanoutFigures,
  type FanoutStep,
  type LatencyFigures,
  type ServerFigures,
} from './sync-bench-report.ts'
import { spawnOurServer, spawnReferenceServer, type BenchServer } from './sync-bench-server.ts'
import { runColdLoad } from './sync-cold-load.ts'
import {
  listenerClosesOf,
  measureEdits,
  resizeFleet,
  startFleet,
  stopFleet,
  type Fleet,
} from './sync-fleet.ts'
import { summarize } from './sync-latency.ts'
import { searchRates } from './sync-rate-search.ts'

const ROOM = 'bench-fanout'
/** Clients on the doc (the writer included), the steady edit rate, and edits per turn. */
const LATENCY_PLAN = [
  { clients: 10, rate: 100, editsPerTurn: 100 },
  { clients: 100, rate: 40, editsPerTurn: 30 },
  { clients: 500, rate: 20, editsPerTurn: 20 },
] as const
/** Each server's measurement at one size is split in this many turns, taken in rotation. */
const TURNS = 6
/** Edits after the listeners connected, not measured (JIT, connection setup). */
const WARMUP_MS = 1000
const FANOUT_LISTENERS = 100
const FANOUT_P99_LIMIT_MS = 100
const FANOUT_SEARCH = { start: 100, max: 6400, min: 10, bisections: 4 }
const FANOUT_STEP_MS = 1000
/** A pause before a failed step is tried again, so a passing hiccup of the machine can pass. */
const RETRY_PAUSE_MS = 500
/** The rate (edits/s to the fan-out listeners) at which the servers' CPU per edit is compared. */
const CPU_RATE = 250
const CPU_TURNS = 3
const CPU_TURN_MS = 1500
const COLD_LOAD_EDITS = 20_000

export async function runBench(): Promise<BenchSection> {
  const workDir = mkdtempSync(join(tmpdir(), 'sync-bench-'))
  const secret = randomBytes(32).toString('hex')
  const servers: BenchServer[] = []
  const fleets: Fleet[] = []
  const loadBefore = loadavg()[0] ?? Number.NaN
  try {
    const start = async (server: Promise<BenchServer>) => {
      servers.push(await server)
      fleets.push(await startFleet(servers[servers.length - 1] as BenchServer, ROOM))
    }
    await start(spawnReferenceServer('reference'))
    await start(
      spawnOurServer('ours', { dataDir: join(workDir, 'ours'), persistence: true, secret }),
    )
    await start(
      spawnOurServer('ours, no persistence', {
        dataDir: join(workDir, 'ours-relay'),
        persistence: false,
        secret,
      }),
    )
    const latency = await measureLatency(fleets)
    const fanout = await measureFanout(fleets)
    const figures: ServerFigures[] = []
    for (const [k, fleet] of fleets.entries()) {
      const listenerCloses = await listenerClosesOf(fleet)
      const edits = fleet.writer.editCount()
      const stopped = await stopFleet(fleet)
      figures.push({
        name: fleet.server.name,
        latency: latency[k] as Record<number, LatencyFigures>,
        fanout: fanout[k] as FanoutFigures,
        listenerCloses,
        edits,
        ...(stopped.updatesPersisted === undefined
          ? {}
          : { updatesPersisted: stopped.updatesPersisted }),
        ...(stopped.commits === undefined ? {} : { commits: stopped.commits }),
      })
    }
    fleets.length = 0
    const cold = await runColdLoad(workDir, secret, COLD_LOAD_EDITS)
    const load = { before: loadBefore, after: loadavg()[0] ?? Number.NaN }
    console.log(`\n${describeSync(figures, cold, load)}`)
    return {
      rows: rowsOf(figures, cold),
      figures: { servers: figures, coldLoad: cold, loadAverage: load },
    }
  } finally {
    for (const fleet of fleets) await stopFleet(fleet).catch(() => undefined)
    for (const server of servers) await server.stop().catch(() => undefined)
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** p50/p99 of edit → listener latency per server and size, the servers measured in turns. */
async function measureLatency(fleets: readonly Fleet[]): Promise<Record<number, LatencyFigures>[]> {
  const result = fleets.map(() => ({}) as Record<number, LatencyFigures>)
  for (const { clients, rate, editsPerTurn } of LATENCY_PLAN) {
    const connectMs: number[] = []
    for (const fleet of fleets) connectMs.push((await resizeFleet(fleet, clients - 1)).ms)
    for (const fleet of fleets) await measureEdits(fleet, rate, WARMUP_MS)
    const seen = fleets.map(() => ({
      latencies: [] as Float64Array[],
      fastest: [] as Float64Array[],
      missed: 0,
    }))
    for (let turn = 0; turn < TURNS; turn++) {
      for (const k of rotation(fleets.length, turn)) {
        const burst = await measureEdits(fleets[k] as Fleet, rate, (editsPerTurn * 1000) / rate)
        seen[k]?.latencies.push(...burst.latencies)
        seen[k]?.fastest.push(burst.fastest)
        if (seen[k]) seen[k].missed += burst.missed
      }
    }
    for (const [k, { latencies, fastest, missed }] of seen.entries()) {
      const figures = result[k] as Record<number, LatencyFigures>
      figures[clients] = {
        ...summarize(concat(latencies), missed),
        firstListener: summarize(concat(fastest).filter(Number.isFinite)),
        connectMs: connectMs[k] ?? 0,
      }
    }
  }
  return result
}

/** Each server's highest edit rate to 100 listeners with p99 under the limit; searches take turns. */
async function measureFanout(fleets: readonly Fleet[]): Promise<FanoutFigures[]> {
  for (const fleet of fleets) await resizeFleet(fleet, FANOUT_LISTENERS)
  // Settle after the resize (hundreds of connections just closed) before anything is measured.
  for (const fleet of fleets) await measureEdits(fleet, FANOUT_SEARCH.start / 2, WARMUP_MS)
  const searches = fleets.map(() => searchRates(FANOUT_SEARCH))
  const next = searches.map((search) => search.next())
  const steps = fleets.map(() => [] as FanoutStep[])
  for (let round = 0; next.some((n) => !n.done); round++) {
    for (const k of rotation(fleets.length, round)) {
      const current = next[k]
      if (current === undefined || current.done) continue
      const rate = current.value
      let pass = false
      for (let attempt = 1; attempt <= 2 && !pass; attempt++) {
        if (attempt > 1) await sleep(RETRY_PAUSE_MS)
        const burst = await measureEdits(fleets[k] as Fleet, rate, FANOUT_STEP_MS)
        const summary = summarize(concat(burst.latencies), burst.missed)
        pass =
          summary.p99 < FANOUT_P99_LIMIT_MS &&
          burst.missed === 0 &&
          burst.achievedRate >= 0.9 * rate
        steps[k]?.push({
          targetRate: rate,
          attempt,
          achievedRate: burst.achievedRate,
          edits: burst.sent,
          p50: summary.p50,
          p99: summary.p99,
          missed: burst.missed,
          serverCpuMs: burst.serverCpuMs,
          pass,
        })
      }
      next[k] = (searches[k] as ReturnType<typeof searchRates>).next(pass)
    }
  }
  const cpu = await measureServerCpu(fleets)
  return fleets.map((_, k) => {
    const done = next[k]
    return {
      maxRate: done?.done ? done.value : 0,
      steps: steps[k] ?? [],
      serverCpu: cpu[k] ?? { rate: CPU_RATE, msPerEdit: Number.NaN, turnsMsPerEdit: [] },
    }
  })
}

/**
 * The servers' CPU per edit at one rate every server sustains, in turns: the server's own cost,
 * whatever limits the clients (the search's steps differ between servers, so they do not compare).
 */
async function measureServerCpu(fleets: readonly Fleet[]): Promise<FanoutFigures['serverCpu'][]> {
  const turns = fleets.map(() => ({ cpuMs: 0, edits: 0, turnsMsPerEdit: [] as number[] }))
  for (let turn = 0; turn < CPU_TURNS; turn++) {
    for (const k of rotation(fleets.length, turn)) {
      const burst = await measureEdits(fleets[k] as Fleet, CPU_RATE, CPU_TURN_MS)
      const t = turns[k]
      if (t === undefined) continue
      t.cpuMs += burst.serverCpuMs
      t.edits += burst.sent
      t.turnsMsPerEdit.push(burst.serverCpuMs / burst.sent)
    }
  }
  return turns.map((t) => ({
    rate: CPU_RATE,
    msPerEdit: t.cpuMs / t.edits,
    turnsMsPerEdit: t.turnsMsPerEdit,
  }))
}

/** The order in which `n` servers take their turn in round `round`: each goes first in turn. */
function rotation(n: number, round: number): number[] {
  return Array.from({ length: n }, (_, i) => (round + i) % n)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.length
  }
  return all
}
