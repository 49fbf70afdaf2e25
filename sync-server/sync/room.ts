import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import type WebSocket from 'ws'
import {
  diffDocFields,
  isModelTransaction,
  readDocFields,
  type DocFields,
  type FieldChange,
} from '../../shared/model-doc.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { Logger } from '../log/create-logger.ts'
import { REFUSALS, type Metrics, type Refusal } from '../metrics/create-metrics.ts'
import type { Store } from '../store/store.ts'
import { CLOSE, type CloseReason } from './close-codes.ts'
import type { Connection } from './connection.ts'
import {
  encodeSyncStep1,
  encodeSyncStep2FromUpdate,
  encodeUpdateMessage,
} from './protocol-messages.ts'
import { RoomPresence } from './room-presence.ts'
import { SyncReplies } from './sync-replies.ts'
import { yieldWhenBusy } from './yield-when-busy.ts'

/**
 * Frames of this room's connections that may wait in its queue; past it, a connection that sends
 * more is read no more until half of them are done. Without it a storm of edits arriving faster
 * than they commit piles up in memory, and a shutdown would have to commit the whole pile first.
 */
const MAX_QUEUED_FRAMES = 64

export interface RoomOptions {
  store: Store
  metrics: Metrics
  log: Logger
  /** When false, updates are relayed but never written (benchmarks measure what durability costs). */
  persistence: boolean
  /** Compact once this many updates are stored beyond the compacted state. */
  compactAfter: number
  /** Close a connection that has more than this many bytes queued unsent. */
  maxBufferedBytes: number
  /** Updates waiting for changes the doc lacks may hold at most this many bytes (memory bound). */
  maxPendingBytes: number
  /** Encoded state the doc may reach; an update that would pass it is refused. */
  maxDocBytes: number
  /**
   * Called once the last connection left (`clean`), or when the room dropped its connections
   * after a failed apply or write (not clean: its memory must not be compacted into the store).
   */
  /** Hands each presence change of this room's connections to the other instances. */
  sharePresence?: (docId: string, update: Uint8Array) => void
  onRelease(room: Room, clean: boolean): void
}

/** The origin of updates another instance committed: applied here, never stored again. */
export const REMOTE_ORIGIN = Symbol('remote')

export type CommitResult =
  | { ok: true; changes: readonly FieldChange[] }
  | { ok: false; reason: 'apply' | 'persist'; error: unknown }

/**
 * One doc in memory and the connections editing it. Every change goes through `commit`: applied to
 * the doc, committed to the store, and only then broadcast, so whatever a client receives survives
 * a crash of the server. Changes and sync answers take turns in one queue: an answer is computed
 * when no change is half done (applied but not yet committed), so it never carries one either.
 */
export class Room {
  readonly presence: RoomPresence
  readonly connections = new Set<Connection>()
  private current: Y.Doc
  private fields: DocFields
  /** Every update of the log with seq <= lastSeq is in the doc (by load, commit or catch-up). */
  private lastSeq: number
  /** Seqs past lastSeq this room committed itself (another instance took the ones between). */
  private readonly ahead = new Set<number>()
  private stateSeq: number
  /**
   * An upper bound of the doc's encoded state: the stored bytes plus every update since (updates
   * overlap and deletions shrink, so the real size is smaller). Measured exactly when near the limit.
   */
  private docBytes: number
  /**
   * Sync step 2 replies of the doc as it is now, shared between connections; a doc loaded from its
   * stored state alone starts with that state as the full reply, so serving a cold doc costs one
   * apply, not an apply and a re-encode.
   */
  private replies: SyncReplies
  private compactionScheduled = false
  private dropped = false
  /** The tail of the queue of changes and sync answers, run one at a time in arrival order. */
  private tail: Promise<unknown> = Promise.resolve()
  /** Requests using the room without a connection (see Rooms.use); it is not unloaded under them. */
  holds = 0
  private readonly refused = new WeakSet<Connection>()
  /** Frames queued (see MAX_QUEUED_FRAMES) and the connections not read until they are fewer. */
  private queuedFrames = 0
  private readonly paused = new Set<Connection>()
  /** Set by `drain` at shutdown: frames still queued are dropped instead of applied. */
  private draining = false

  /** Loads a doc fully from the store (compacted state, then the updates after it); rejects when the stored bytes do not apply. */
  static async load(name: string, options: RoomOptions): Promise<Room> {
    return new Room(name, await loadDoc(name, options.store), options)
  }

  private constructor(
    readonly name: string,
    loaded: LoadedDoc,
    private readonly options: RoomOptions,
  ) {
    this.current = loaded.doc
    this.replies = new SyncReplies(options.maxDocBytes, loaded.fullSync)
    this.lastSeq = loaded.lastSeq
    this.stateSeq = loaded.stateSeq
    this.docBytes = loaded.bytes
    this.fields = readDocFields(loaded.doc)
    this.presence = new RoomPresence(
      (message) => this.broadcast(message, null),
      (update) => options.sharePresence?.(name, update),
    )
  }

  /** The doc as it is in memory; replaced (never mutated back) when the room reloads from the store. */
  get doc(): Y.Doc {
    return this.current
  }

  /** True when the doc holds anything (updates stored or applied). */
  get hasContent(): boolean {
    return this.lastSeq > 0 || this.doc.store.clients.size > 0
  }

  /** Adds a connection and starts the sync: our state vector, then everyone's presence. */
  join(ws: WebSocket, identity: Identity): Connection {
    const connection: Connection = { ws, identity, ownedClientId: null }
    this.connections.add(connection)
    this.send(connection, encodeSyncStep1(this.doc))
    const presence = this.presence.currentMessage()
    if (presence !== null) this.send(connection, presence)
    return connection
  }

  /** Removes a connection and its presence; releases the room when it was the last. */
  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return
    this.paused.delete(connection)
    this.presence.remove(connection)
    if (this.connections.size === 0) this.release()
  }

  /**
   * Answers a client's sync step 1 with what it lacks, in turn with the changes: never while one
   * is applied but not yet committed. A malformed state vector closes the connection.
   */
  answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    this.enqueueFrame(connection, async () => {
      // An answer nobody can receive is not worth encoding.
      if (connection.ws.readyState !== connection.ws.OPEN) return
      let answer: Uint8Array
      try {
        answer = this.syncStep2For(stateVector)
      } catch {
        this.refuse(connection, REFUSALS.badMessage, CLOSE.badMessage)
        return
      }
      this.send(connection, answer)
    })
  }

  /** The sync step 2 frame answering `stateVector` (shared, see SyncReplies); throws on a malformed vector. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    return this.replies.replyFor(this.doc, stateVector)
  }

  /** Applies, persists and relays a client's update; a bad update closes that connection only. */
  receiveUpdate(connection: Connection, update: Uint8Array): void {
    try {
      // Decoding reads every struct: malformed bytes fail here, before the doc is touched.
      Y.decodeUpdate(update)
    } catch {
      this.refuse(connection, REFUSALS.badUpdate, CLOSE.badUpdate)
      return
    }
    this.enqueueFrame(connection, async () => {
      // A connection refused for an earlier frame gets nothing more applied, even if queued.
      if (this.refused.has(connection)) return
      // Checked in turn: the size counts every change queued before this one.
      if (!this.fits(update.byteLength)) {
        this.refuse(connection, REFUSALS.docTooLarge, CLOSE.docTooLarge)
        return
      }
      const result = await this.commitNow(connection.identity, connection, () =>
        Y.applyUpdate(this.doc, update, connection),
      )
      // Yjs keeps structs whose dependencies it has not seen in memory, unpersisted, until they
      // arrive; a stock client never needs much of that, so a pile of it is hostile: its sender
      // is closed and the pile dropped by reloading the doc from the store (which never held it).
      const pending = this.doc.store.pendingStructs
      if (
        result.ok &&
        pending !== null &&
        pending.update.byteLength > this.options.maxPendingBytes
      ) {
        this.refuse(connection, REFUSALS.pendingOverflow, CLOSE.pendingOverflow)
        await this.reload()
      }
    })
  }

  /** Applies a client's presence as far as it may set it; bytes that are not awareness close it. */
  receiveAwareness(connection: Connection, bytes: Uint8Array): void {
    const result = this.presence.receive(connection, bytes)
    if (!result.ok) {
      this.refuse(connection, REFUSALS.badMessage, CLOSE.badMessage)
      return
    }
    for (const reason of result.refusals) this.options.metrics.refusals.inc({ reason })
  }

  /** Sends every known presence to a client that asked. */
  answerQueryAwareness(connection: Connection): void {
    const presence = this.presence.currentMessage()
    if (presence !== null) this.send(connection, presence)
  }

  /**
   * Runs `mutate` on the doc as `author` (in turn, after the changes queued before), then commits
   * what it changed (one update plus the change-feed entries it made) to the store, and only then
   * broadcasts it to every connection but `origin`. A failed apply or write leaves the in-memory
   * doc suspect: the connection whose update failed is closed (4422 for an apply, 4500 to retry a
   * write) and the doc is reloaded from the store under the others, who stay connected.
   */
  commit(author: Identity, origin: unknown, mutate: () => void): Promise<CommitResult> {
    return this.enqueue(() => this.commitNow(author, origin, mutate))
  }

  private async commitNow(
    author: Identity,
    origin: unknown,
    mutate: () => void,
  ): Promise<CommitResult> {
    if (this.dropped) {
      return { ok: false, reason: 'apply', error: new Error('the doc was unloaded') }
    }
    const doc = this.doc
    const updates: Uint8Array[] = []
    let touchedModel = false
    const collect = (update: Uint8Array) => updates.push(update)
    const inspect = (transaction: Y.Transaction) => {
      touchedModel ||= isModelTransaction(transaction)
    }
    doc.on('update', collect)
    doc.on('afterTransaction', inspect)
    try {
      mutate()
    } catch (error) {
      this.options.log.warn('change failed to apply; reloading the doc', { room: this.name, error })
      const connection = this.connectionOf(origin)
      if (connection !== undefined) this.refuse(connection, REFUSALS.badUpdate, CLOSE.badUpdate)
      await this.reload()
      return { ok: false, reason: 'apply', error }
    } finally {
      doc.off('update', collect)
      doc.off('afterTransaction', inspect)
    }
    if (updates.length === 0) return { ok: true, changes: [] }
    this.replies.clear()
    const update = updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates)
    this.docBytes += update.byteLength

    let changes: FieldChange[] = []
    // The change feed is stored with the update; without persistence there is nothing to keep.
    if (touchedModel && this.options.persistence) {
      const after = readDocFields(doc)
      changes = diffDocFields(this.fields, after)
      this.fields = after
    }
    if (this.options.persistence) {
      const started = performance.now()
      let seq: number
      try {
        seq = await this.options.store.docs.append({
          docId: this.name,
          update,
          user: { id: author.id, name: author.name },
          at: Date.now(),
          changes,
        })
      } catch (error) {
        this.options.log.error('update could not be persisted; reloading the doc', {
          room: this.name,
          error,
        })
        // A transient code: the client still holds the update and sends it again on reconnect.
        this.connectionOf(origin)?.ws.close(CLOSE.notStored.code, CLOSE.notStored.reason)
        await this.reload()
        return { ok: false, reason: 'persist', error }
      }
      this.advance(seq)
      this.options.metrics.persistSeconds.observe((performance.now() - started) / 1000)
      this.options.metrics.updatesPersisted.inc()
      this.scheduleCompaction()
    }
    this.broadcast(encodeUpdateMessage(update), origin)
    return { ok: true, changes }
  }

  /**
   * Applies, in turn with the changes, every update another writer committed to the doc's log since
   * this room last read it, and relays each to this room's connections (they were committed before
   * anyone was sent them). The log is the truth: a signal only says when to look; `signalledSeq`
   * is the seq a signal named (0 for a timed read).
   */
  catchUp(signalledSeq = 0): Promise<number> {
    return this.enqueue(async () => {
      if (this.dropped || !this.options.persistence) return 0
      const rows = await this.options.store.docs.updatesAfter(this.name, this.lastSeq)
      const missed = rows.filter((row) => !this.ahead.has(row.seq))
      // Compacted by another instance past what this room read: the first row is not the next
      // seq, or there is no row at all for a seq a signal named, or, without a signal (it may have
      // been lost), the stored state folds seqs past lastSeq (another instance that wrote and
      // unloaded the doc at once folded it before this read).
      const folded =
        rows.length > 0
          ? rows[0]!.seq !== this.lastSeq + 1
          : (signalledSeq > this.lastSeq && !this.ahead.has(signalledSeq)) ||
            (await this.options.store.docs.stateSeq(this.name)) > this.lastSeq
      let foldedUpTo = 0
      if (folded) {
        const stored = await this.options.store.docs.load(this.name)
        if (stored?.state) {
          missed.unshift({ seq: stored.stateSeq, update: stored.state })
          foldedUpTo = stored.stateSeq
        }
      }
      if (missed.length === 0) {
        for (const row of rows) this.advance(row.seq)
        return 0
      }
      const doc = this.doc
      const applied: Uint8Array[] = []
      const collect = (update: Uint8Array) => applied.push(update)
      doc.on('update', collect)
      try {
        doc.transact(() => {
          for (const row of missed) Y.applyUpdate(doc, row.update, REMOTE_ORIGIN)
        }, REMOTE_ORIGIN)
      } finally {
        doc.off('update', collect)
      }
      for (const row of rows) this.advance(row.seq)
      // After a compaction gap the stored state and the rows hold everything up to the last row.
      if (rows.length > 0) this.lastSeq = Math.max(this.lastSeq, rows.at(-1)!.seq)
      this.lastSeq = Math.max(this.lastSeq, foldedUpTo)
      for (const seq of this.ahead) if (seq <= this.lastSeq) this.ahead.delete(seq)
      if (applied.length > 0) {
        this.replies.clear()
        this.fields = readDocFields(doc)
        const update = applied.length === 1 ? applied[0]! : Y.mergeUpdates(applied)
        this.docBytes += update.byteLength
        this.broadcast(encodeUpdateMessage(update), null)
      }
      return missed.length
    })
  }

  /**
   * Runs `read` with the doc and the seq of the last update the room has read in order, in turn
   * with the changes: never while one is applied but not yet committed.
   */
  readInTurn<T>(read: (doc: Y.Doc, seq: number) => T): Promise<T> {
    return this.enqueue(async () => read(this.doc, this.lastSeq))
  }

  /** Folds the stored updates into one state encoded from the live doc, in one transaction. */
  compact(): Promise<void> {
    return this.enqueue(async () => {
      this.compactionScheduled = false
      if (this.dropped || !this.options.persistence || this.lastSeq === this.stateSeq) return
      // Taken in turn with the changes: the state holds exactly the updates up to lastSeq.
      const uptoSeq = this.lastSeq
      const state = Y.encodeStateAsUpdate(this.doc)
      await this.options.store.docs.compact(this.name, state, uptoSeq)
      this.stateSeq = uptoSeq
      this.docBytes = state.byteLength
    })
  }

  /** True when `incoming` more bytes keep the doc within maxDocBytes (an update adds at most its size). */
  private fits(incoming: number): boolean {
    if (this.docBytes + incoming <= this.options.maxDocBytes) return true
    this.docBytes = Y.encodeStateAsUpdate(this.doc).byteLength
    return this.docBytes + incoming <= this.options.maxDocBytes
  }

  /** True once the room was dropped or destroyed: it takes no more changes. */
  get isDropped(): boolean {
    return this.dropped
  }

  /** Frees the doc's memory; the registry forgets the room. */
  destroy(): void {
    this.dropped = true
    this.presence.destroy()
    this.doc.destroy()
  }

  /**
   * Replaces the in-memory doc with a fresh load from the store: after a failed apply or write its
   * memory may hold what the store does not. Every change was committed before anyone was sent it, so
   * the others lose nothing; they stay connected and get the new state vector, to which a stock
   * client answers with anything the server lacks. Only a doc that cannot be loaded closes them.
   */
  private async reload(): Promise<void> {
    let loaded: LoadedDoc
    try {
      loaded = await loadDoc(this.name, this.options.store)
    } catch (error) {
      this.options.log.error('doc could not be reloaded; closing its connections', {
        room: this.name,
        error,
      })
      this.dropped = true
      const connections = [...this.connections]
      this.connections.clear()
      for (const connection of connections) {
        connection.ws.close(CLOSE.loadFailed.code, CLOSE.loadFailed.reason)
      }
      this.options.onRelease(this, false)
      return
    }
    const stale = this.current
    this.current = loaded.doc
    this.replies = new SyncReplies(this.options.maxDocBytes, loaded.fullSync)
    this.lastSeq = loaded.lastSeq
    this.ahead.clear()
    this.stateSeq = loaded.stateSeq
    this.docBytes = loaded.bytes
    this.fields = readDocFields(loaded.doc)
    stale.destroy()
    const step1 = encodeSyncStep1(loaded.doc)
    for (const connection of this.connections) this.send(connection, step1)
  }

  private release(): void {
    if (!this.dropped) this.options.onRelease(this, true)
  }

  private scheduleCompaction(): void {
    if (this.compactionScheduled || this.lastSeq - this.stateSeq <= this.options.compactAfter)
      return
    this.compactionScheduled = true
    setImmediate(() => {
      if (this.dropped || !this.compactionScheduled) return
      this.compact().catch((error: unknown) => {
        // The update log is still complete; compaction is retried after the next updates.
        this.options.log.error('compaction failed', { room: this.name, error })
      })
    })
  }

  /** Records that the doc holds the update `seq`, moving lastSeq over every contiguous one. */
  private advance(seq: number): void {
    if (seq <= this.lastSeq) return
    this.ahead.add(seq)
    while (this.ahead.delete(this.lastSeq + 1)) this.lastSeq++
  }

  /**
   * Stops applying frames (shutdown, after every socket was told): those still queued are dropped.
   * None of them was acknowledged (a change is relayed only once committed), and a stock client
   * sends what the server lacks again when it reconnects, so the drain does not wait for a backlog.
   */
  drain(): void {
    this.draining = true
  }

  /**
   * Queues the work a connection's frame asks for; while too many frames wait, that connection's
   * socket is paused (TCP holds the rest at the sender) until the queue is half as long.
   */
  private enqueueFrame(connection: Connection, task: () => Promise<void>): void {
    this.queuedFrames++
    if (this.queuedFrames > MAX_QUEUED_FRAMES && !this.paused.has(connection)) {
      this.paused.add(connection)
      connection.ws.pause()
    }
    const done = () => {
      this.queuedFrames--
      if (this.paused.size === 0 || this.queuedFrames > MAX_QUEUED_FRAMES / 2) return
      for (const paused of this.paused) paused.ws.resume()
      this.paused.clear()
    }
    this.enqueue(() => (this.draining ? Promise.resolve() : task())).then(done, done)
  }

  /**
   * Runs `task` after every task queued before it settled, giving the event loop a turn first when
   * queued work has held it for a while (see yieldWhenBusy).
   */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      await yieldWhenBusy()
      return task()
    })
    // A failed task must not stop the ones after it; its caller sees the failure.
    this.tail = run.catch(() => undefined)
    return run
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    this.options.metrics.messageBytes.observe({ direction: 'out' }, message.byteLength)
    for (const connection of this.connections) {
      if (connection !== except) this.send(connection, message)
    }
  }

  private send(connection: Connection, message: Uint8Array): void {
    const { ws } = connection
    if (ws.readyState !== ws.OPEN) return
    // Counted with what is about to be queued, not only what was: a socket that never reads must
    // not be handed reply after reply. One message always goes to a socket with nothing queued, so a
    // doc larger than the limit still loads. A slow reader is cut, not closed: a close frame would
    // queue behind what it does not read, and its queue is memory held until the socket goes.
    const queued = ws.bufferedAmount
    if (queued > 0 && queued + message.byteLength > this.options.maxBufferedBytes) {
      this.options.metrics.refusals.inc({ reason: REFUSALS.slowConsumer })
      this.options.log.info('slow reader cut', {
        room: this.name,
        user: connection.identity.id,
        queued,
      })
      ws.terminate()
      return
    }
    ws.send(message, (error) => {
      if (error) this.options.log.debug('send failed', { room: this.name, error })
    })
  }

  /** `origin` when it is one of this room's connections (HTTP commits have other origins). */
  private connectionOf(origin: unknown): Connection | undefined {
    return this.connections.has(origin as Connection) ? (origin as Connection) : undefined
  }

  private refuse(connection: Connection, reason: Refusal, close: CloseReason): void {
    this.refused.add(connection)
    this.options.metrics.refusals.inc({ reason })
    connection.ws.close(close.code, close.reason)
  }
}

interface LoadedDoc {
  doc: Y.Doc
  lastSeq: number
  stateSeq: number
  /** The stored bytes: state plus updates. */
  bytes: number
  fullSync: Uint8Array | null
}

/** Reads a doc from the store into a fresh Y.Doc; rejects when the stored bytes do not apply. */
async function loadDoc(name: string, store: Store): Promise<LoadedDoc> {
  const stored = await store.docs.load(name)
  const doc = new Y.Doc()
  if (stored !== null) {
    doc.transact(() => {
      if (stored.state !== null) Y.applyUpdate(doc, stored.state)
      for (const update of stored.updates) Y.applyUpdate(doc, update)
    })
  }
  const fullSync =
    stored !== null && stored.state !== null && stored.updates.length === 0
      ? encodeSyncStep2FromUpdate(stored.state)
      : null
  const bytes =
    (stored?.state?.byteLength ?? 0) +
    (stored?.updates ?? []).reduce((sum, update) => sum + update.byteLength, 0)
  return { doc, lastSeq: stored?.lastSeq ?? 0, stateSeq: stored?.stateSeq ?? 0, bytes, fullSync }
}
