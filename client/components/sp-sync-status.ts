import { html, type PropertyValues, type TemplateResult } from 'lit'
import type { WebsocketProvider } from 'y-websocket'
import { SyncStatusController, type SyncState } from '../controllers/sync-status-controller.ts'
import { LightElement } from './light-element.ts'

const LABELS: Record<SyncState, string> = {
  online: 'Online: edits are shared',
  connecting: 'Connecting…',
  offline: 'Offline: edits are kept here and sync later',
}

/** A viewer's changes never leave the browser (the server drops them), so the status says so. */
const READ_ONLY_LABELS: Record<SyncState, string> = {
  online: 'Online, read-only: you see others’ edits; yours are not shared',
  connecting: 'Connecting… (read-only)',
  offline: 'Offline, read-only',
}

/** Fired (bubbling) when the sync state changes; `detail.state` is the new one. */
export const SYNC_STATE_EVENT = 'sp-sync-state'

/** Whether edits reach the server: `data-sync-state` = online | offline | connecting. */
export class SpSyncStatus extends LightElement {
  static override properties = {
    provider: { attribute: false },
    readonly: { type: Boolean },
  }

  declare provider: WebsocketProvider | null
  /** The user may view but not edit (a viewer). */
  declare readonly: boolean
  private readonly sync = new SyncStatusController(this)

  constructor() {
    super()
    this.provider = null
    this.readonly = false
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('provider')) this.sync.setProvider(this.provider)
    if (this.dataset.syncState !== this.sync.state) {
      this.dataset.syncState = this.sync.state
      this.dispatchEvent(
        new CustomEvent(SYNC_STATE_EVENT, { bubbles: true, detail: { state: this.sync.state } }),
      )
    }
  }

  override render(): TemplateResult {
    const labels = this.readonly ? READ_ONLY_LABELS : LABELS
    return html`<span class="sync-status" role="status" ?data-read-only=${this.readonly}
      ><span class="dot" aria-hidden="true"></span>${labels[this.sync.state]}</span
    >`
  }
}

customElements.define('sp-sync-status', SpSyncStatus)

declare global {
  interface HTMLElementTagNameMap {
    'sp-sync-status': SpSyncStatus
  }
  interface HTMLElementEventMap {
    [SYNC_STATE_EVENT]: CustomEvent<{ state: SyncState }>
  }
}
