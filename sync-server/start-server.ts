import { createAdaptorServer } from '@hono/node-server'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { createApp } from './app.ts'
import { createAuth, type Auth } from './auth/create-auth.ts'
import type { Identity } from '../shared/identity-schema.ts'
import { loadSecret } from './auth/load-secret.ts'
import { silentLogger, type Logger } from './log/create-logger.ts'
import { createMetrics, type Metrics } from './metrics/create-metrics.ts'
import { createWorkflow } from './promotion/create-workflow.ts'
import { startPromotionScheduler } from './promotion/start-promotion-scheduler.ts'
import { checkStoreProduction, describeMismatches } from './audit/check-production-against-audit.ts'
import { verifyAuditChain } from './audit/verify-audit-chain.ts'
import type { WorkflowOptions } from './promotion/workflow-options.ts'
import { seedDemoModel } from './seed-demo-model.ts'
import { IntegrityError } from './store/integrity-error.ts'
import { openStore, type DatabaseConfig } from './store/open-store.ts'
import { checkDatabaseFile } from './store/sqlite/check-database-file.ts'
import type { Durability } from './store/sqlite/open-sqlite-database.ts'
import type { Store } from './store/store.ts'
import { CLOSE } from './sync/close-codes.ts'
import { createRooms, type Rooms } from './sync/create-rooms.ts'
import { createUpgradeHandler } from './sync/create-upgrade-handler.ts'
import { followOtherInstances } from './sync/follow-other-instances.ts'
import { startHeartbeat } from './sync/start-heartbeat.ts'
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './sync/sync-limits.ts'

/**
 * How long an idle kept-alive HTTP connection stays open. Node's 5 s default is shorter than the
 * idle timeout of a load balancer (60 s is usual), which then sends a request on a connection the
 * server is closing at that moment and gets a reset; the same race hit our own clients whenever the
 * process stalled 5 s between two requests (the HTTP fuzz test under load). Longer than 60 s, the
 * balancer closes first; Node tells clients `Keep-Alive: timeout=65`, so they close first too.
 */
const KEEP_ALIVE_MS = 65_000

/** Frames (and fragmented messages) over 1 MiB close the connection (ws answers 1009). */
export const MAX_FRAME_BYTES = 1024 * 1024

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number
  host?: string
  dataDir: string
  /** The HS256 secret; when absent the one kept in dataDir (created once). */
  secret?: string
  /** False relays updates without writing them (benchmarks); default true. */
  persistence?: boolean
  /** Compact a doc once it has this many stored updates beyond its state; default 500. */
  compactAfter?: number
  /** Bytes queued unsent for one socket past which it is cut as a slow reader; default 16 MiB. */
  maxBufferedBytes?: number
  /** Bytes of updates waiting for missing dependencies a doc may hold; default 4 MiB. */
  maxPendingBytes?: number
  /** Create the demo model on the first start of a data directory; default true. */
  seedDemo?: boolean
  log?: Logger
  /**
   * How often connections are pinged; one that missed the previous ping is cut and its presence
   * removed for everyone. Default 5 s: a browser that goes offline cannot send its close frame,
   * and until the server notices, the others still see that peer as present.
   */
  heartbeatMs?: number
  /** Grace period for clients to answer the close at shutdown before they are cut; default 1 s. */
  closeGraceMs?: number
  /** Scoring rate limit, batch and upload limits, webhook retries; defaults in workflow-options.ts. */
  workflow?: Partial<WorkflowOptions>
  /** Doc size and connections per user; defaults in sync/sync-limits.ts. */
  sync?: Partial<SyncLimits>
  /** The built browser app to serve; default dist/ at the repository root. */
  appDir?: string
  /** `full`: SQLite fsyncs every commit (survives an OS crash or power loss); default `normal`. */
  durability?: Durability
  /** Start even when the data directory fails its integrity check (logged as an error). */
  startAnyway?: boolean
  /** PostgreSQL shared by several instances instead of SQLite in dataDir (DATABASE_URL). */
  database?: DatabaseConfig | null
}

export interface RunningServer {
  /** http://host:port */
  url: string
  /** ws://host:port/sync — the stock provider's serverUrl. */
  syncUrl: string
  port: number
  auth: Auth
  store: Store
  rooms: Rooms
  metrics: Metrics
  /** A token for `identity`, signed with the server's secret. */
  mintToken(identity: Identity, ttlSeconds?: number): Promise<string>
  /** Settles the scheduled promotions that are due now (what the server's timer does). */
  checkScheduledPromotions(): Promise<void>
  /** Closes sockets (1001), compacts and unloads docs, closes the database. */
  close(): Promise<void>
}

/** Starts the sync server in this process: HTTP API, websocket sync, the store. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? silentLogger
  const host = options.host ?? '127.0.0.1'
  const auth = createAuth(loadSecret(options.dataDir, options.secret))
  const store = await openCheckedStore(options, log)
  const metrics = createMetrics()
  const limits: SyncLimits = { ...DEFAULT_SYNC_LIMITS, ...options.sync }
  const rooms = createRooms({
    store,
    metrics,
    log,
    persistence: options.persistence ?? true,
    compactAfter: options.compactAfter ?? 500,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * MAX_FRAME_BYTES,
    maxPendingBytes: options.maxPendingBytes ?? 4 * MAX_FRAME_BYTES,
    maxDocBytes: limits.maxDocBytes,
    sharePresence:
      store.signals === null
        ? undefined
        : (docId, update) => {
            store.signals?.presenceChanged(docId, update).catch((error: unknown) => {
              // Presence is renewed every few seconds by its client: a lost one is soon replaced.
              log.debug('presence not relayed', { error })
            })
          },
  })
  let ready = false
  let closing: Promise<void> | null = null
  const workflow = createWorkflow(store, log, options.workflow)
  const app = createApp({
    store,
    auth,
    rooms,
    metrics,
    log,
    isReady: () => ready,
    workflow,
    appDir: options.appDir,
  })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: true,
  })
  wss.on('error', (error) => log.error('websocket server error', { error }))
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server
  server.keepAliveTimeout = KEEP_ALIVE_MS
  server.headersTimeout = KEEP_ALIVE_MS + 1000
  server.on(
    'upgrade',
    createUpgradeHandler({
      wss,
      auth,
      rooms,
      metrics,
      log,
      maxConnectionsPerUser: limits.maxConnectionsPerUser,
      isClosing: () => closing !== null,
    }),
  )
  server.on('clientError', (error, socket) => {
    log.debug('http client error', { error: String(error) })
    socket.destroy()
  })

  try {
    if (options.seedDemo ?? true) await seedDemoModel(store, rooms, log)
    // The first relay marks where this instance's news starts, before it takes any request.
    if (store.signals !== null) await workflow.relayCommitted()
    await listen(server, options.port, host)
  } catch (error) {
    await store.close()
    throw error
  }
  const stopHeartbeat = startHeartbeat(wss, options.heartbeatMs ?? 5_000)
  const port = (server.address() as AddressInfo).port
  const origin = `${displayHost(host)}:${port}`
  ready = true
  workflow.startDeliveries()
  // Checks at once: a restart that spans a request's due time promotes it now.
  const scheduler = startPromotionScheduler({ store, workflow }, log)
  // With other instances on the same store: their commits reach this one's clients and streams.
  let stopFollowing: (() => Promise<void>) | null = null
  if (store.signals !== null) {
    stopFollowing = await followOtherInstances({
      signals: store.signals,
      rooms,
      workflow,
      log,
      onCatchUp: (reads) => metrics.catchUpReads.inc(reads),
    })
  }
  log.info('listening', { url: `http://${origin}`, port })

  // The drain. Nothing new gets in first (the listener closes, upgrades still in flight are
  // refused), so no socket or room appears behind the steps below; then the sockets are told and
  // cut, the queued changes committed and the docs compacted, and the database closed last.
  const close = async () => {
    ready = false
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
    stopHeartbeat()
    for (const ws of wss.clients) {
      ws.close(CLOSE.goingAway.code, CLOSE.goingAway.reason)
      // A socket paused while its room's queue was long must be read to see the client's close;
      // what else it sent is dropped unread (the client still holds it).
      ws.resume()
    }
    rooms.drainAll()
    // Event streams end and webhook deliveries stop before the database closes under them.
    await stopFollowing?.()
    await scheduler.stop()
    await workflow.stop()
    await waitUntil(() => wss.clients.size === 0, options.closeGraceMs ?? 1000)
    for (const ws of wss.clients) ws.terminate()
    await waitUntil(() => wss.clients.size === 0, 1000)
    await rooms.unloadAll()
    server.closeAllConnections()
    await stopped
    wss.close()
    await store.close()
    log.info('stopped')
  }

  return {
    url: `http://${origin}`,
    syncUrl: `ws://${origin}/sync`,
    port,
    auth,
    store,
    rooms,
    metrics,
    mintToken: (identity, ttlSeconds = 8 * 3600) => auth.mintToken(identity, ttlSeconds),
    checkScheduledPromotions: () => scheduler.check(),
    close: () => (closing ??= close()),
  }
}

/**
 * Opens the store after checking the data directory: the SQLite file and its WAL before anything
 * writes to them, then the audit chain and production against it. A problem stops the start
 * (IntegrityError) unless `startAnyway`, so lost or altered data is noticed before it is served.
 */
async function openCheckedStore(options: ServerOptions, log: Logger): Promise<Store> {
  const refuse = (problems: string[]) => {
    if (options.startAnyway) {
      log.error('integrity check failed; starting anyway as told', { problems })
      return
    }
    throw new IntegrityError(options.dataDir, problems)
  }
  // The file checks are SQLite's; PostgreSQL keeps its own files consistent.
  const fileProblems = options.database ? [] : checkDatabaseFile(options.dataDir)
  if (fileProblems.length > 0) refuse(fileProblems)
  const store = await openStore(
    { dataDir: options.dataDir, durability: options.durability, database: options.database },
    log,
  )
  const chain = await verifyAuditChain(store.audit)
  const mismatches = await checkStoreProduction(store)
  const problems = [
    ...(chain.ok ? [] : [`audit log entry #${chain.firstBadSeq}: ${chain.reason}`]),
    ...(mismatches.length === 0
      ? []
      : [`production disagrees with the audit log: ${describeMismatches(mismatches)}`]),
  ]
  if (problems.length > 0) {
    try {
      refuse(problems)
    } catch (error) {
      await store.close()
      throw error
    }
  }
  return store
}

/** The host to put in links: a wildcard bind address is reachable on loopback. */
function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
