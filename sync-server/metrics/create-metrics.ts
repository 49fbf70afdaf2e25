import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** Why the server refused something; the label values of `sync_refusals_total`. */
export const REFUSALS = {
  unauthorized: 'unauthorized',
  notFound: 'not-found',
  viewerWrite: 'viewer-write',
  badMessage: 'bad-message',
  badUpdate: 'bad-update',
  oversized: 'oversized',
  awarenessSpoof: 'awareness-spoof',
  awarenessTooLarge: 'awareness-too-large',
  slowConsumer: 'slow-consumer',
  pendingOverflow: 'pending-overflow',
  docTooLarge: 'doc-too-large',
  tooManyConnections: 'too-many-connections',
  tokenExpired: 'token-expired',
} as const
export type Refusal = (typeof REFUSALS)[keyof typeof REFUSALS]

export interface Metrics {
  readonly registry: Registry
  readonly connections: Gauge
  readonly docsInMemory: Gauge
  readonly updatesPersisted: Counter
  readonly persistSeconds: Histogram
  readonly messageBytes: Histogram<'direction'>
  readonly refusals: Counter<'reason'>
  readonly catchUpReads: Counter
  readonly storeLatency: Gauge
  readonly listenReconnects: Gauge
}

/** The server's Prometheus metrics, in a registry of its own (several servers may share a process). */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  return {
    registry,
    connections: new Gauge({
      name: 'sync_connections',
      help: 'Open sync websocket connections',
      registers,
    }),
    docsInMemory: new Gauge({
      name: 'sync_docs_in_memory',
      help: 'Docs loaded in memory (rooms with a client, or in use by a request)',
      registers,
    }),
    updatesPersisted: new Counter({
      name: 'sync_updates_persisted_total',
      help: 'Yjs updates committed to SQLite',
      registers,
    }),
    persistSeconds: new Histogram({
      name: 'sync_persist_seconds',
      help: 'Time to commit one update (with its change-feed entries) to SQLite',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    }),
    messageBytes: new Histogram({
      name: 'sync_message_bytes',
      help: 'Sizes of websocket messages received (in) and broadcast (out)',
      labelNames: ['direction'],
      buckets: [16, 64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576],
      registers,
    }),
    storeLatency: new Gauge({
      name: 'store_ping_seconds',
      help: 'Time of one round trip to the store at the last /healthz or /metrics (NaN: unreachable)',
      registers,
    }),
    listenReconnects: new Gauge({
      name: 'store_listen_reconnects',
      help: 'Times the connection that hears other instances came back after a loss',
      registers,
    }),
    catchUpReads: new Counter({
      name: 'sync_catch_up_updates_total',
      help: 'Updates other instances committed that this one read from the log and relayed',
      registers,
    }),
    refusals: new Counter({
      name: 'sync_refusals_total',
      help: 'Requests, connections, messages or awareness entries the server refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
  }
}
