import type WebSocket from 'ws'
import type { Identity } from '../../shared/identity-schema.ts'

/** One websocket in a room, with the identity its token carried. */
export interface Connection {
  readonly ws: WebSocket
  readonly identity: Identity
  /** The awareness clientID this connection owns (the first it announced). */
  ownedClientId: number | null
}
