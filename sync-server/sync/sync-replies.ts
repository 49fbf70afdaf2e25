import * as Y from 'yjs'
import { encodeSyncStep2 } from './protocol-messages.ts'

/** A reply this small is encoded for its connection alone: sharing it would save little. */
const UNSHARED_REPLY_BYTES = 64 * 1024

/**
 * The sync step 2 replies of one doc version, shared between connections. A fresh reply per
 * connection let 20 sockets that never read hold 20 copies of a large doc; here every client
 * that lacks the same part gets the same buffer, the distinct large replies kept at once are
 * bounded by `budgetBytes`, and past that the shared full state answers (always a correct step
 * 2: the client ignores what it already has). Dropped when the doc changes.
 */
export class SyncReplies {
  private full: Uint8Array | null
  private readonly partial = new Map<string, Uint8Array>()
  private partialBytes = 0

  /** `full`: the full-state reply when it is known already (a doc loaded from its stored state alone). */
  constructor(
    private readonly budgetBytes: number,
    full: Uint8Array | null = null,
  ) {
    this.full = full
  }

  /** The sync step 2 frame answering `stateVector` for `doc`; throws on a malformed vector. */
  replyFor(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
    const key = knownPartKey(doc, Y.decodeStateVector(stateVector))
    if (key === '') return this.fullReply(doc)
    const shared = this.partial.get(key)
    if (shared !== undefined) return shared
    const reply = encodeSyncStep2(doc, stateVector)
    if (reply.byteLength <= UNSHARED_REPLY_BYTES) return reply
    if (this.partialBytes + reply.byteLength > this.budgetBytes) return this.fullReply(doc)
    this.partial.set(key, reply)
    this.partialBytes += reply.byteLength
    return reply
  }

  /** Forgets every reply: the doc changed. */
  clear(): void {
    this.full = null
    this.partial.clear()
    this.partialBytes = 0
  }

  private fullReply(doc: Y.Doc): Uint8Array {
    this.full ??= encodeSyncStep2(doc, new Uint8Array([0]))
    return this.full
  }
}

/**
 * What of `doc` a state vector already has, as a key: two vectors with the same key get the same
 * reply. Clients the doc does not know and clocks past the doc's own change nothing, so they are
 * left out; '' means the client has none of the doc's structs.
 */
function knownPartKey(doc: Y.Doc, wanted: Map<number, number>): string {
  const parts: string[] = []
  for (const [client, clock] of wanted) {
    const known = Math.min(clock, Y.getState(doc.store, client))
    if (known > 0) parts.push(`${client}:${known}`)
  }
  return parts.sort().join(',')
}
