import { IndexeddbPersistence } from 'y-indexeddb'
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { StorageState } from './storage-state.ts'
import { watchStorage } from './watch-storage.ts'

/** The IndexedDB database that holds one model's doc. */
export function localDbName(modelId: string): string {
  return `scoring-playground:model:${modelId}`
}

export interface ModelSessionOptions {
  /** The doc's id: a model's id, or a branch's `branchId` (its room and IndexedDB name). */
  modelId: string
  /** Sent as `?token=` on the socket; null keeps the session local. */
  token: string | null
  /** `ws(s)://host/sync`; null keeps the session local (no socket). */
  syncUrl: string | null
  /** Keep the doc in IndexedDB (default true). */
  persist?: boolean
}

/**
 * One open model: its Y.Doc, kept in IndexedDB and synced over the socket. The doc is filled from
 * IndexedDB first and the socket connects after, so the editor renders the local copy at once and
 * never waits for the server. Storage changes fire a `storage` event.
 */
export class ModelSession extends EventTarget {
  readonly modelId: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly provider: WebsocketProvider | null
  /** Settles when the local copy is loaded (or failed to load: see `storage`). */
  readonly whenLocal: Promise<void>

  private storageState: StorageState
  private readonly persistence: IndexeddbPersistence | null
  private destroyed = false
  /** Closing the tab tells the others at once, instead of after the 30 s awareness timeout. */
  private readonly onPageHide = (event: PageTransitionEvent) => {
    if (!event.persisted) removeAwarenessStates(this.awareness, [this.doc.clientID], 'page closed')
  }

  /**
   * Peers, and the server, dropped our presence when the socket went; they ignore an entry whose
   * clock they have seen, and the stock client re-announces with the old clock. Announcing anew
   * (clock + 1) on every connect brings us back at once instead of at the next 15 s renewal.
   */
  private readonly onStatus = ({ status }: { status: string }) => {
    const state = this.awareness.getLocalState()
    if (status === 'connected' && state !== null) this.awareness.setLocalState(state)
  }

  constructor(options: ModelSessionOptions) {
    super()
    this.modelId = options.modelId
    this.doc = new Y.Doc({ guid: options.modelId })
    this.awareness = new Awareness(this.doc)
    const persist = options.persist !== false
    this.storageState = persist ? { status: 'loading' } : { status: 'off' }
    this.persistence = persist
      ? new IndexeddbPersistence(localDbName(options.modelId), this.doc)
      : null
    this.whenLocal =
      this.persistence === null ? Promise.resolve() : this.loadLocal(this.persistence)
    this.provider =
      options.syncUrl === null || options.token === null
        ? null
        : new WebsocketProvider(options.syncUrl, options.modelId, this.doc, {
            connect: false,
            awareness: this.awareness,
            params: { token: options.token },
            // Tabs of one browser profile would otherwise pass updates to each other directly:
            // a viewer's local edit could reach an analyst's tab and be committed under the
            // analyst's name. Every update goes through the server, which checks who sent it.
            disableBc: true,
          })
    window.addEventListener('pagehide', this.onPageHide)
    const provider = this.provider
    if (provider !== null) {
      provider.on('status', this.onStatus)
      void this.whenLocal.then(() => {
        if (!this.destroyed) provider.connect()
      })
    }
  }

  /**
   * Settles once the doc holds the server's state too (at once without a socket): what is applied
   * on top of a doc that lacks the history it builds on would wait unseen until the server's copy
   * arrives, and then travel as the server's, not as this user's edit.
   */
  whenSynced(): Promise<void> {
    const provider = this.provider
    if (provider === null || provider.synced) return this.whenLocal
    return new Promise((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return
        provider.off('sync', onSync)
        resolve()
      }
      provider.on('sync', onSync)
    })
  }

  get storage(): StorageState {
    return this.storageState
  }

  /** Points the socket at a new token (after signing in again); reconnects when connected. */
  setToken(token: string): void {
    const provider = this.provider
    if (provider === null) return
    provider.params = { ...provider.params, token }
    if (provider.shouldConnect) {
      provider.disconnect()
      provider.connect()
    }
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return
    this.destroyed = true
    window.removeEventListener('pagehide', this.onPageHide)
    this.provider?.off('status', this.onStatus)
    this.provider?.destroy()
    this.awareness.destroy()
    await this.persistence?.destroy().catch(() => {
      // The database failed to open; that failure was reported when it happened.
    })
    this.doc.destroy()
  }

  private loadLocal(persistence: IndexeddbPersistence): Promise<void> {
    return new Promise<void>((resolve) => {
      void persistence.whenSynced.then(() => {
        this.setStorage({ status: 'ready' })
        resolve()
      })
      watchStorage(persistence, (message) => {
        this.setStorage({ status: 'failed', message })
        resolve()
      })
    })
  }

  private setStorage(next: StorageState): void {
    // A failure stays shown: later events must not hide that edits are not being kept.
    if (this.storageState.status === 'failed') return
    this.storageState = next
    this.dispatchEvent(new Event('storage'))
  }
}

/** Opens a model's doc: IndexedDB first, then the socket. */
export function openModelSession(options: ModelSessionOptions): ModelSession {
  return new ModelSession(options)
}
