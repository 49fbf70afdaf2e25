import { html, type PropertyValues, type TemplateResult } from 'lit'
import type { WebsocketProvider } from 'y-websocket'
import { SyncStatusController, type SyncState } from '../controllers/sync-status-controller.ts'
import { LightElement } from './light-element.ts'

const LABELS: Record<SyncState, string> = {
  online: 'Online: edits are shared',
  connecting: 'Connecting…',
  offline: 'Offline: edits are kept here and sync later',
}

/** Whether edits reach the server: `data-sync-state` = online | offline | connecting. */
export class SpSyncStatus extends LightElement {
  static override properties = {
    provider: { attribute: false },
  }

  declare provider: WebsocketProvider | null
  private readonly sync = new SyncStatusController(this)

  constructor() {
    super()
    this.provider = null
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('provider')) this.sync.setProvider(this.provider)
    this.dataset.syncState = this.sync.state
  }

  override render(): TemplateResult {
    return html`<span class="sync-status" role="status"
      ><span class="dot" aria-hidden="true"></span>${LABELS[this.sync.state]}</span
    >`
  }
}

customElements.define('sp-sync-status', SpSyncStatus)

declare global {
  interface HTMLElementTagNameMap {
    'sp-sync-status': SpSyncStatus
  }
}
