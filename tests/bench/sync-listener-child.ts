/**
 * A child process holding many listening clients: stock y-websocket providers, each with its own
 * Y.Doc, recording when its doc first held each of the writer's edits. Driven over IPC by
 * sync-listener-pool.ts; exits when its parent goes away.
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { latenciesOf, monotonicMs, type EditLog } from './sync-latency.ts'

export type ListenerRequest =
  | {
      type: 'connect'
      serverUrl: string
      room: string
      params: Record<string, string>
      count: number
      writerId: number
      timeoutMs: number
    }
  | { type: 'drop'; keep: number }
  | { type: 'drain'; clock: number; timeoutMs: number }
  | { type: 'collect'; edits: EditLog }
  | { type: 'close' }

interface Listener {
  provider: WebsocketProvider
  doc: Y.Doc
  clocks: number[]
  times: number[]
  last: number
}

const listeners: Listener[] = []
let writerId = -1
let closes = 0

// Every provider adds a process 'exit' listener; hundreds of them are expected here.
process.setMaxListeners(0)
process.on('disconnect', () => process.exit(0))
process.on('message', (message: { id: number; request: ListenerRequest }) => {
  void handle(message.request).then(
    (reply) => process.send?.({ id: message.id, ok: true, reply }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  )
})

async function handle(request: ListenerRequest): Promise<unknown> {
  switch (request.type) {
    case 'connect':
      writerId = request.writerId
      return connect(request)
    case 'drop':
      for (const listener of listeners.splice(request.keep)) destroy(listener)
      return { count: listeners.length }
    case 'drain':
      return drain(request.clock, request.timeoutMs)
    case 'collect':
      return collect(request.edits)
    case 'close':
      for (const listener of listeners.splice(0)) destroy(listener)
      setImmediate(() => process.exit(0))
      return { closes }
  }
}

async function connect(request: Extract<ListenerRequest, { type: 'connect' }>) {
  const started = performance.now()
  const added: Listener[] = []
  for (let i = 0; i < request.count; i++) {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(request.serverUrl, request.room, doc, {
      params: request.params,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      connect: false,
    })
    // Listeners only watch: no presence, so the N² presence traffic of a crowd does not drown the edits.
    provider.awareness.setLocalState(null)
    const listener: Listener = { provider, doc, clocks: [], times: [], last: 0 }
    doc.on('update', () => {
      const clock = Y.getState(doc.store, writerId)
      if (clock > listener.last) {
        listener.last = clock
        listener.clocks.push(clock)
        listener.times.push(monotonicMs())
      }
    })
    // A close of our own making (destroy) comes without an event; only the server's closes count.
    provider.on('connection-close', (event) => {
      if (event !== null) closes++
    })
    provider.connect()
    added.push(listener)
    listeners.push(listener)
  }
  const deadline = Date.now() + request.timeoutMs
  while (!added.every((l) => l.provider.synced)) {
    if (Date.now() > deadline) {
      const synced = added.filter((l) => l.provider.synced).length
      throw new Error(`only ${synced} of ${added.length} listeners synced`)
    }
    await sleep(10)
  }
  return { count: listeners.length, ms: performance.now() - started }
}

async function drain(clock: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  const behind = () => listeners.filter((l) => Y.getState(l.doc.store, writerId) < clock).length
  while (behind() > 0 && Date.now() < deadline) await sleep(5)
  return { behind: behind(), closes }
}

function collect(edits: EditLog) {
  const latencies: number[] = []
  const fastest = new Float64Array(edits.clocks.length).fill(Number.POSITIVE_INFINITY)
  let missed = 0
  for (const listener of listeners) {
    missed += latenciesOf(edits, listener, latencies, fastest).missed
    listener.clocks = []
    listener.times = []
  }
  return { latencies: Float64Array.from(latencies), fastest, missed, closes }
}

function destroy(listener: Listener): void {
  listener.provider.destroy()
  listener.doc.destroy()
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
