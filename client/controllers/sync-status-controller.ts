import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { WebsocketProvider } from 'y-websocket'

export const SYNC_STATES = ['online', 'offline', 'connecting'] as const
export type SyncState = (typeof SYNC_STATES)[number]

/**
 * Whether edits reach the server now: `offline` when the browser says so (its online/offline
 * events) or there is no socket, `online` once the socket is connected and synced, else
 * `connecting`. The socket follows the browser: it is closed when the browser goes offline (a
 * socket can linger half-open for a while, and the status must not say edits stay here while they
 * still leave) and opened again, at once, when the network returns.
 */
export class SyncStatusController implements ReactiveController {
  state: SyncState = 'offline'

  private provider: WebsocketProvider | null = null
  private browserOnline = navigator.onLine
  private connected = false
  /** The socket was closed because the browser went offline: open it again when it is back. */
  private pausedOffline = false
  private readonly onBrowserOnline = () => {
    this.browserOnline = true
    const provider = this.provider
    // The socket's backoff may be waiting; come back as soon as the network does.
    if (
      provider &&
      (this.pausedOffline ||
        (provider.shouldConnect && !provider.wsconnected && !provider.wsconnecting))
    ) {
      provider.connect()
    }
    this.pausedOffline = false
    this.refresh()
  }
  private readonly onBrowserOffline = () => {
    this.browserOnline = false
    if (this.provider?.shouldConnect) {
      this.provider.disconnect()
      this.pausedOffline = true
    }
    this.refresh()
  }
  private readonly onProviderChange = () => this.refresh()

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** Follows another socket (null: no socket, the session is local only). */
  setProvider(provider: WebsocketProvider | null): void {
    if (provider === this.provider) return
    this.unsubscribeProvider()
    this.provider = provider
    this.pausedOffline = false
    if (this.connected) this.subscribeProvider()
    this.refresh()
  }

  hostConnected(): void {
    this.connected = true
    this.browserOnline = navigator.onLine
    window.addEventListener('online', this.onBrowserOnline)
    window.addEventListener('offline', this.onBrowserOffline)
    this.subscribeProvider()
    this.refresh()
  }

  hostDisconnected(): void {
    this.connected = false
    window.removeEventListener('online', this.onBrowserOnline)
    window.removeEventListener('offline', this.onBrowserOffline)
    this.unsubscribeProvider()
  }

  private subscribeProvider(): void {
    this.provider?.on('status', this.onProviderChange)
    this.provider?.on('sync', this.onProviderChange)
  }

  private unsubscribeProvider(): void {
    this.provider?.off('status', this.onProviderChange)
    this.provider?.off('sync', this.onProviderChange)
  }

  private refresh(): void {
    const next = this.compute()
    if (next === this.state) return
    this.state = next
    this.host.requestUpdate()
  }

  private compute(): SyncState {
    if (!this.browserOnline || this.provider === null) return 'offline'
    if (this.provider.wsconnected && this.provider.synced) return 'online'
    return 'connecting'
  }
}
