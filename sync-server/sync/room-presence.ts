import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Refusal } from '../metrics/create-metrics.ts'
import type { Connection } from './connection.ts'
import { filterAwarenessUpdate } from './filter-awareness-update.ts'
import { encodeAwarenessMessage } from './protocol-messages.ts'

export type PresenceResult = { ok: true; refusals: Refusal[] } | { ok: false }

/** The origin of presence that other instances relayed: shown here, never sent back to them. */
const FROM_OTHER_INSTANCE = Symbol('other instance')

/**
 * The awareness of one room: who is here, stamped with the identity of their token. Each
 * connection owns one clientID and can set or remove only that one.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness
  private readonly owners = new Map<number, Connection>()

  /**
   * `share` gets each change this instance's connections made (already stamped with their
   * identity), for the other instances; presence is never stored.
   */
  constructor(
    private readonly broadcast: (message: Uint8Array) => void,
    private readonly share: (update: Uint8Array) => void = () => {},
  ) {
    // Awareness needs a doc only for its own clientID; a doc of its own lets the room replace its
    // content doc (a reload from SQLite) while everyone's presence stays.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc())
    // The server is a relay, not a participant: it has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.relay)
  }

  /** Every known presence as one awareness frame; null when nobody is present. */
  currentMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length === 0) return null
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients))
  }

  /** Applies what a connection may say about presence (see filterAwarenessUpdate); not ok when the bytes are not awareness. */
  receive(connection: Connection, bytes: Uint8Array): PresenceResult {
    const filtered = filterAwarenessUpdate(bytes, connection.identity, {
      owned: connection.ownedClientId,
      ownedByOther: (clientId) => {
        const owner = this.owners.get(clientId)
        return (
          owner !== undefined &&
          owner !== connection &&
          owner.identity.id !== connection.identity.id
        )
      },
    })
    if (!filtered.ok) return filtered
    if (filtered.claimed !== null) {
      connection.ownedClientId = filtered.claimed
      // The same user reconnecting takes over their clientID from a connection not yet closed.
      this.owners.set(filtered.claimed, connection)
    }
    if (filtered.update !== null) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, filtered.update, connection)
    }
    return { ok: true, refusals: filtered.refusals }
  }

  /**
   * Shows presence another instance relayed; its entries expire as any do (y-protocols drops a
   * state not renewed within 30 s), so a dead instance's clients fade out.
   */
  receiveFromOtherInstance(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_OTHER_INSTANCE)
  }

  /** Removes the presence a leaving connection owns, and tells the others. */
  remove(connection: Connection): void {
    const owned = connection.ownedClientId
    if (owned === null || this.owners.get(owned) !== connection) return
    this.owners.delete(owned)
    awarenessProtocol.removeAwarenessStates(this.awareness, [owned], connection)
  }

  destroy(): void {
    this.awareness.off('update', this.relay)
    this.awareness.destroy()
    this.awareness.doc.destroy()
  }

  private readonly relay = (
    changes: {
      added: number[]
      updated: number[]
      removed: number[]
    },
    origin: unknown,
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed]
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    // Sent to the sender too: the stock client counts any message as a sign of life.
    this.broadcast(encodeAwarenessMessage(update))
    // The awareness' own expiry of stale states is local bookkeeping, as is what others sent.
    if (origin !== FROM_OTHER_INSTANCE && origin !== 'timeout') this.share(update)
  }
}
