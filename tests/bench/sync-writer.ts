import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { setFactorField, setWeight, writeModel } from '../../shared/model-doc.ts'
import type { SyncTarget } from './sync-bench-server.ts'
import { monotonicMs, type EditLog } from './sync-latency.ts'

/** One editing client: a stock provider on a doc holding the demo model. */
export interface Writer {
  readonly doc: Y.Doc
  readonly clientId: number
  /** The writer's own clock: how many items it has created. */
  clock(): number
  /** One small edit (a weight, every fifth a label) in its own transaction, logged with its time. */
  edit(): void
  /** The edits logged since the last call. */
  takeLog(): EditLog
  /** How many edits (each one update) the writer has made since it connected. */
  editCount(): number
  close(): void
}

/** Connects a writer whose doc starts with the demo model, and waits until it synced. */
export async function connectWriter(target: SyncTarget, timeoutMs = 20_000): Promise<Writer> {
  const doc = new Y.Doc()
  writeModel(doc, DEMO_MODEL)
  const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
    params: target.params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  // The writer keeps its (empty) presence: its renewals every 15 s are the only messages our
  // server sends back to a client that only writes, and the stock client reconnects after 30 s
  // without any.
  const deadline = Date.now() + timeoutMs
  while (!provider.synced) {
    if (Date.now() > deadline) throw new Error(`writer did not sync with ${target.serverUrl}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const factorIds = DEMO_MODEL.factors.map((factor) => factor.id)
  let n = 0
  let made = 0
  let clocks: number[] = []
  let times: number[] = []
  const clock = () => Y.getState(doc.store, doc.clientID)
  return {
    doc,
    clientId: doc.clientID,
    clock,
    edit() {
      const factorId = factorIds[n % factorIds.length] as string
      const started = monotonicMs()
      if (n % 5 === 4) setFactorField(doc, factorId, 'label', `Factor ${factorId} (rev ${n})`)
      else setWeight(doc, factorId, ((n * 7919) % 10_007) / 10_007)
      n++
      const after = clock()
      // An edit that set a field to the value it held makes no update, so nothing to wait for.
      if (after === clocks[clocks.length - 1]) return
      made++
      clocks.push(after)
      times.push(started)
    },
    takeLog() {
      const log = { clocks: Float64Array.from(clocks), times: Float64Array.from(times) }
      clocks = []
      times = []
      return log
    },
    editCount: () => made,
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/**
 * Makes `rate` edits per second for `durationMs`, each on its schedule (several per timer tick at
 * high rates). Returns how many were made and the rate achieved.
 */
export async function editAtRate(
  writer: Writer,
  rate: number,
  durationMs: number,
): Promise<{ sent: number; rate: number }> {
  const total = Math.max(1, Math.round((rate * durationMs) / 1000))
  const started = performance.now()
  // Bounded: a writer that cannot keep up stops at twice the planned duration.
  const stopAt = started + 2 * durationMs + 100
  let sent = 0
  while (sent < total && performance.now() < stopAt) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000) + 1)
    while (sent < due) {
      writer.edit()
      sent++
    }
    const nextAt = started + (sent * 1000) / rate
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())))
  }
  const seconds = (performance.now() - started) / 1000
  return { sent, rate: sent / seconds }
}
