import { html, nothing, type TemplateResult } from 'lit'
import type { ChangeRecord, SnapshotSummary } from '../../shared/model-api-schemas.ts'
import { newestFirst } from './describe-snapshot.ts'
import { formatTime } from './format-time.ts'
import { describeChange, isShownChange } from './describe-change.ts'
import { LightElement } from './light-element.ts'

/** Fired to take a snapshot: `detail` {label}. */
export const TAKE_SNAPSHOT_EVENT = 'sp-take-snapshot'
/** Fired to restore a snapshot, once the user confirmed it: `detail` {snapshot}. */
export const RESTORE_SNAPSHOT_EVENT = 'sp-restore-snapshot'

/**
 * The model's history: snapshots, newest first (take one with a label, restore one after a
 * confirmation that says what it does) and the change feed (who changed what). Renders what it
 * is given; the page does the asking.
 */
export class SpHistoryPanel extends LightElement {
  static override properties = {
    changes: { attribute: false },
    snapshots: { attribute: false },
    canEdit: { type: Boolean },
    busy: { type: Boolean },
    confirmingRestore: { state: true },
    labels: { attribute: false },
  }

  declare changes: ChangeRecord[]
  declare snapshots: SnapshotSummary[]
  /** Analysts and up take and restore snapshots. */
  declare canEdit: boolean
  declare busy: boolean
  /** The snapshot whose restore waits for a confirmation. */
  declare confirmingRestore: string | null
  /** The factors' labels by id, so the feed names factors as the editor does. */
  declare labels: Readonly<Record<string, string>>

  constructor() {
    super()
    this.changes = []
    this.snapshots = []
    this.canEdit = false
    this.busy = false
    this.confirmingRestore = null
    this.labels = {}
  }

  override render(): TemplateResult {
    const shown = this.changes.filter(isShownChange)
    return html`<section class="history" aria-labelledby="sp-history-title">
      <h2 id="sp-history-title">History</h2>
      <h3>Snapshots</h3>
      ${
        this.canEdit
          ? html`<form class="inline-form" @submit=${this.onTake}>
              <label
                >Label <input name="snapshot-label" required maxlength="200" autocomplete="off"
              /></label>
              <button type="submit" ?disabled=${this.busy}>Take snapshot</button>
            </form>`
          : nothing
      }
      ${
        this.snapshots.length === 0
          ? html`<p class="empty">No snapshot yet.</p>`
          : html`<ul class="snapshots">
              ${newestFirst(this.snapshots).map(
                (s) =>
                  html`<li data-snapshot-id=${s.id}>
                    <strong>${s.label}</strong>
                    <span class="meta"
                      >${s.createdBy.name}, ${formatTime(s.createdAt)} ·
                      <code title=${s.hash}>${s.hash.slice(0, 8)}</code></span
                    >
                    ${this.canEdit ? this.renderRestore(s) : nothing}
                  </li>`,
              )}
            </ul>`
      }
      <h3>Changes</h3>
      ${
        shown.length === 0
          ? html`<p class="empty">No change recorded yet.</p>`
          : html`<ol class="changes">
              ${shown.map(
                (c) =>
                  html`<li data-change-id=${c.id} data-change-user=${c.user.id}>
                    ${describeChange(c, this.labels)} <span class="meta">${formatTime(c.at)}</span>
                  </li>`,
              )}
            </ol>`
      }
    </section>`
  }

  private renderRestore(s: SnapshotSummary): TemplateResult {
    if (this.confirmingRestore !== s.id) {
      return html`<button
        type="button"
        name="restore"
        ?disabled=${this.busy}
        aria-label=${`Restore snapshot ${s.label}`}
        @click=${() => (this.confirmingRestore = s.id)}
      >
        Restore…
      </button>`
    }
    return html`<div class="confirm" role="alertdialog" aria-label="Confirm restore">
      <p>
        Replace the draft, for everyone editing it, with “${s.label}” as ${s.createdBy.name} took it
        on ${formatTime(s.createdAt)}? Edits since then leave the draft; take a snapshot first to
        keep them.
      </p>
      <button
        type="button"
        name="confirm-restore"
        ?disabled=${this.busy}
        @click=${() => {
          this.confirmingRestore = null
          this.emit(RESTORE_SNAPSHOT_EVENT, { snapshot: s })
        }}
      >
        Restore “${s.label}”
      </button>
      <button type="button" name="cancel" @click=${() => (this.confirmingRestore = null)}>
        Cancel
      </button>
    </div>`
  }

  private onTake(event: SubmitEvent): void {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const input = form.elements.namedItem('snapshot-label') as HTMLInputElement
    const label = input.value.trim()
    if (label === '') return
    this.emit(TAKE_SNAPSHOT_EVENT, { label })
    input.value = ''
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }))
  }
}

customElements.define('sp-history-panel', SpHistoryPanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-history-panel': SpHistoryPanel
  }
}
