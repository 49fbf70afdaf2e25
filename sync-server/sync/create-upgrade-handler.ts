import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocketServer, RawData } from 'ws'
import { SlugSchema } from '../../shared/model-schema.ts'
import type { Auth } from '../auth/create-auth.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { Logger } from '../log/create-logger.ts'
import { REFUSALS, type Metrics } from '../metrics/create-metrics.ts'
import { CLOSE } from './close-codes.ts'
import type { Rooms } from './create-rooms.ts'
import { handleMessage } from './handle-message.ts'
import type { Room } from './room.ts'
import { scheduleAt } from './schedule-at.ts'

export const SYNC_PATH_PREFIX = '/sync/'

export interface UpgradeDeps {
  wss: WebSocketServer
  auth: Auth
  rooms: Rooms
  metrics: Metrics
  log: Logger
  maxConnectionsPerUser: number
  /** True once the server shuts down: upgrades are refused (503), even those already under way. */
  isClosing(): boolean
}

/**
 * The http server's 'upgrade' listener for `/sync/<modelId>?token=…`. The token is checked before
 * anything else: a missing or bad one gets HTTP 401 on the raw socket and no doc is loaded.
 */
export function createUpgradeHandler(deps: UpgradeDeps) {
  const perUser = new Map<string, number>()
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => deps.log.debug('upgrade socket error', { error }))
    void upgrade(deps, perUser, request, socket, head).catch((error: unknown) => {
      deps.log.error('upgrade failed', { error })
      rejectUpgrade(socket, 500, 'internal', 'The connection could not be set up.')
    })
  }
}

async function upgrade(
  deps: UpgradeDeps,
  perUser: Map<string, number>,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const refuseWhileClosing = () => {
    if (!deps.isClosing()) return false
    rejectUpgrade(socket, 503, 'shutting-down', 'The server is shutting down; reconnect shortly.')
    return true
  }
  if (refuseWhileClosing()) return
  const url = new URL(request.url ?? '/', 'http://localhost')
  const roomName = roomNameOf(url.pathname)
  if (roomName === null) {
    deps.metrics.refusals.inc({ reason: REFUSALS.notFound })
    rejectUpgrade(socket, 404, 'not-found', 'Sync lives at /sync/<modelId>.')
    return
  }
  const verified = await deps.auth.verifyToken(url.searchParams.get('token') ?? bearerOf(request))
  if (!verified.ok) {
    deps.metrics.refusals.inc({ reason: REFUSALS.unauthorized })
    rejectUpgrade(socket, 401, 'unauthorized', `Sign in again: ${verified.reason}.`)
    return
  }
  // The client may have gone while the token was checked, or the shutdown may have begun: a
  // socket accepted now would join a room after the drain closed the others, and hold it forever.
  if (socket.destroyed || refuseWhileClosing()) return
  deps.wss.handleUpgrade(request, socket, head, (ws) => {
    connect(deps, perUser, ws, verified.identity, verified.expiresAt, roomName)
  })
}

function connect(
  deps: UpgradeDeps,
  perUser: Map<string, number>,
  ws: import('ws').WebSocket,
  identity: Identity,
  expiresAt: number,
  roomName: string,
) {
  const { rooms, metrics, log } = deps
  ws.on('error', (error) => {
    const code = (error as { code?: unknown }).code
    if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
      metrics.refusals.inc({ reason: REFUSALS.oversized })
    else metrics.refusals.inc({ reason: REFUSALS.badMessage })
    // ws closes the connection itself (1009 for a frame over maxPayload, 1002 for a protocol error).
    log.info('websocket error', { room: roomName, user: identity.id, code, error: String(error) })
  })
  // Counted per token subject over every doc: one user opening sockets without end would
  // otherwise hold a doc and a sync reply in memory for each.
  const held = perUser.get(identity.id) ?? 0
  if (held >= deps.maxConnectionsPerUser) {
    metrics.refusals.inc({ reason: REFUSALS.tooManyConnections })
    log.info('connection refused: too many for this user', { room: roomName, user: identity.id })
    ws.close(CLOSE.tooManyConnections.code, CLOSE.tooManyConnections.reason)
    return
  }
  perUser.set(identity.id, held + 1)
  const release = () => {
    const left = (perUser.get(identity.id) ?? 1) - 1
    if (left === 0) perUser.delete(identity.id)
    else perUser.set(identity.id, left)
  }
  // Frames that arrive while the doc loads wait for it, in order.
  const early: Uint8Array[] = []
  let onFrame = (bytes: Uint8Array): void => {
    early.push(bytes)
  }
  let onClose = release
  const expire = () => {
    metrics.refusals.inc({ reason: REFUSALS.tokenExpired })
    ws.close(CLOSE.tokenExpired.code, CLOSE.tokenExpired.reason)
  }
  const cancelExpiry = scheduleAt(expiresAt, expire)
  ws.on('message', (data: RawData, isBinary: boolean) => {
    // A connection being closed for a bad frame gets nothing more read.
    if (ws.readyState !== ws.OPEN) return
    // The timer may run late on a busy loop: nothing sent after the token's expiry is read.
    if (Date.now() >= expiresAt) {
      expire()
      return
    }
    const bytes = toBytes(data)
    metrics.messageBytes.observe({ direction: 'in' }, bytes.byteLength)
    if (!isBinary) {
      metrics.refusals.inc({ reason: REFUSALS.badMessage })
      ws.close(CLOSE.badMessage.code, 'binary frames only')
      return
    }
    onFrame(bytes)
  })
  ws.on('close', () => {
    cancelExpiry()
    onClose()
  })
  void openRoom(rooms, roomName).then(
    (room) => {
      if (ws.readyState !== ws.OPEN) {
        // Gone while the doc loaded: joining and leaving at once unloads the room again.
        room.leave(room.join(ws, identity))
        return
      }
      metrics.connections.inc()
      const connection = room.join(ws, identity)
      log.debug('connected', { room: roomName, user: identity.id, role: identity.role })
      onFrame = (bytes) => handleMessage(room, connection, bytes, metrics)
      onClose = () => {
        release()
        metrics.connections.dec()
        room.leave(connection)
      }
      for (const bytes of early.splice(0)) handleMessage(room, connection, bytes, metrics)
    },
    (error: unknown) => {
      log.error('doc could not be loaded', { room: roomName, error })
      ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason)
    },
  )
}

/** The room, loaded; again when it was unloaded between its load and now. */
async function openRoom(rooms: Rooms, name: string): Promise<Room> {
  let room = await rooms.open(name)
  while (room.isDropped) room = await rooms.open(name)
  return room
}

/** The model id in `/sync/<modelId>`, or null when the path is not a sync path with a slug. */
export function roomNameOf(pathname: string): string | null {
  if (!pathname.startsWith(SYNC_PATH_PREFIX)) return null
  let name: string
  try {
    name = decodeURIComponent(pathname.slice(SYNC_PATH_PREFIX.length))
  } catch {
    return null
  }
  return SlugSchema.safeParse(name).success ? name : null
}

function bearerOf(request: IncomingMessage): string | null {
  const header = request.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

const STATUS_TITLES: Record<number, string> = {
  401: 'Unauthorized',
  404: 'Not Found',
  503: 'Service Unavailable',
}

/** Answers an upgrade request with an HTTP error (problem+json) and closes the socket. */
function rejectUpgrade(socket: Duplex, status: number, code: string, detail: string): void {
  if (socket.destroyed) return
  const title = STATUS_TITLES[status] ?? 'Internal Server Error'
  const body = JSON.stringify({ type: 'about:blank', title, status, code, detail })
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
