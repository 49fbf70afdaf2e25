import type { BenchServer } from './sync-bench-server.ts'
import { spawnListenerPool, type ListenerPool } from './sync-listener-pool.ts'
import { connectWriter, editAtRate, type Writer } from './sync-writer.ts'

/** Two listener processes per server: the machine has two cores, and the server needs one too. */
const LISTENER_PROCESSES = 2
const DRAIN_MS = 10_000

/** One server with its clients: one writer (in this process) and a pool of listeners. */
export interface Fleet {
  readonly server: BenchServer
  readonly writer: Writer
  readonly pool: ListenerPool
  readonly room: string
}

/** What one burst of edits did: each edit's latency to each listener, and the server's CPU. */
export interface EditBurst {
  latencies: Float64Array[]
  /** Each edit's latency to the first listener that had it: the server's turnaround, mostly. */
  fastest: Float64Array
  missed: number
  sent: number
  achievedRate: number
  serverCpuMs: number
}

/** Connects a writer to `server` and forks the listener processes for it. */
export async function startFleet(server: BenchServer, room: string): Promise<Fleet> {
  const writer = await connectWriter(server.target(room, 'writer'))
  const pool = spawnListenerPool(LISTENER_PROCESSES)
  return { server, writer, pool, room }
}

/** Grows (or shrinks) the fleet to `listeners` listening clients, all synced with the writer. */
export async function resizeFleet(fleet: Fleet, listeners: number): Promise<{ ms: number }> {
  await fleet.pool.shrink(listeners)
  const target = fleet.server.target(fleet.room, 'listener')
  const { ms } = await fleet.pool.connect(target, listeners, fleet.writer.clientId)
  const { behind } = await fleet.pool.drain(fleet.writer.clock(), DRAIN_MS)
  if (behind > 0) throw new Error(`${fleet.server.name}: ${behind} listeners did not sync`)
  return { ms }
}

/**
 * The writer edits at `rate` for `durationMs`; once every listener holds every edit (or a long
 * wait ran out), returns each edit's latency to each listener and the server's CPU meanwhile.
 */
export async function measureEdits(
  fleet: Fleet,
  rate: number,
  durationMs: number,
): Promise<EditBurst> {
  const { server, writer, pool } = fleet
  writer.takeLog()
  const cpuBefore = server.cpuMs()
  const sent = await editAtRate(writer, rate, durationMs)
  const log = writer.takeLog()
  let { behind } = await pool.drain(writer.clock(), DRAIN_MS)
  const serverCpuMs = server.cpuMs() - cpuBefore
  const seen = await pool.collect(log)
  // A burst far over what the server sustains leaves a backlog; the next must not start inside it.
  if (behind > 0) ({ behind } = await pool.drain(writer.clock(), 3 * DRAIN_MS))
  if (behind > 0)
    throw new Error(`${server.name}: ${behind} listeners never caught up at ${rate}/s`)
  return {
    latencies: seen.latencies,
    fastest: seen.fastest,
    missed: seen.missed,
    sent: sent.sent,
    achievedRate: sent.rate,
    serverCpuMs,
  }
}

/** How many times the server closed a listener's connection since the fleet started. */
export async function listenerClosesOf(fleet: Fleet): Promise<number> {
  return (await fleet.pool.drain(0, 0)).closes
}

/** Disconnects every client and stops the server. */
export async function stopFleet(fleet: Fleet): ReturnType<BenchServer['stop']> {
  fleet.writer.close()
  await fleet.pool.close()
  return fleet.server.stop()
}
