/**
 * Websocket close codes the server uses. The stock client treats 4400-4499 as final (it stops
 * reconnecting: resending the same bytes cannot help) and everything else as transient.
 */
export const CLOSE = {
  /** A message that is not the y-websocket protocol (undecodable, text frame, unknown type). */
  badMessage: { code: 4400, reason: 'undecodable message' },
  /** The token expired while the socket was open; reconnecting needs a new one. */
  tokenExpired: { code: 4401, reason: 'token expired, sign in again' },
  /** A Yjs update that failed to decode or apply; nothing of it was persisted. */
  badUpdate: { code: 4422, reason: 'invalid Yjs update' },
  /** Frames over the size limit; the ws library closes with the standard 1009 itself. */
  tooBig: { code: 1009, reason: 'message too big' },
  /** Too many bytes of updates that depend on changes the server never received. */
  pendingOverflow: { code: 4413, reason: 'too many updates with missing dependencies' },
  /** The update would take the doc past MAX_DOC_BYTES; nothing of it was stored. */
  docTooLarge: { code: 4413, reason: 'document size limit reached' },
  /** The user already holds MAX_CONNECTIONS_PER_USER sync sockets. */
  tooManyConnections: { code: 4429, reason: 'too many connections for this user' },
  /** The connection's update could not be written; the client keeps it and resends on reconnect. */
  notStored: { code: 4500, reason: 'update could not be stored, reconnect' },
  /** The doc could not be loaded from storage. */
  loadFailed: { code: 4501, reason: 'document could not be loaded' },
  /** The server is shutting down. */
  goingAway: { code: 1001, reason: 'server shutting down' },
} as const

export type CloseReason = (typeof CLOSE)[keyof typeof CLOSE]
