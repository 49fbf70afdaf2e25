import { html, nothing, type TemplateResult } from 'lit'
import type { SnapshotSummary } from '../../shared/model-api-schemas.ts'
import type {
  ProductionVersionRecord,
  PromotionRecord,
} from '../../shared/promotion-api-schemas.ts'
import { formatTime } from './sp-history-panel.ts'
import { LightElement } from './light-element.ts'

/** Fired to request promotion of a snapshot: `detail` {snapshotId, note}. */
export const REQUEST_PROMOTION_EVENT = 'sp-request-promotion'
/** Fired to approve a request: `detail` {promotionId}. */
export const APPROVE_PROMOTION_EVENT = 'sp-approve-promotion'
/** Fired to reject a request: `detail` {promotionId, reason}. */
export const REJECT_PROMOTION_EVENT = 'sp-reject-promotion'
/** Fired to roll production back: `detail` {toVersion}. */
export const ROLL_BACK_EVENT = 'sp-roll-back'

/**
 * Release, for release managers: the production version and its history (with rollback), a form
 * to request promotion of a snapshot, and the requests with their impact, to approve or reject
 * (never one's own: a second person approves).
 */
export class SpReleasePanel extends LightElement {
  static override properties = {
    promotions: { attribute: false },
    versions: { attribute: false },
    currentVersion: { type: Number },
    snapshots: { attribute: false },
    userId: { type: String },
    busy: { type: Boolean },
  }

  declare promotions: PromotionRecord[]
  declare versions: ProductionVersionRecord[]
  declare currentVersion: number
  declare snapshots: SnapshotSummary[]
  /** The signed-in user: their own requests cannot be approved by them. */
  declare userId: string
  declare busy: boolean

  constructor() {
    super()
    this.promotions = []
    this.versions = []
    this.currentVersion = 0
    this.snapshots = []
    this.userId = ''
    this.busy = false
  }

  override render(): TemplateResult {
    const labels = new Map(this.snapshots.map((s) => [s.id, s.label]))
    const pending = this.promotions.filter((p) => p.status === 'pending')
    const decided = this.promotions.filter((p) => p.status !== 'pending')
    return html`<section class="release" aria-labelledby="sp-release-title">
      <h2 id="sp-release-title">Release</h2>
      <p class="production" data-production-version=${this.currentVersion}>
        ${
          this.currentVersion === 0
            ? 'Not in production yet.'
            : html`Production: <strong>version ${this.currentVersion}</strong>`
        }
      </p>
      <form class="inline-form" @submit=${this.onRequest}>
        <label
          >Snapshot
          <select name="promotion-snapshot" required ?disabled=${this.snapshots.length === 0}>
            ${this.snapshots.map((s) => html`<option value=${s.id}>${s.label}</option>`)}
          </select></label
        >
        <label>Note <input name="promotion-note" maxlength="2000" autocomplete="off" /></label>
        <button type="submit" ?disabled=${this.busy || this.snapshots.length === 0}>
          Request promotion
        </button>
      </form>
      ${this.snapshots.length === 0 ? html`<p class="empty">Take a snapshot to promote it.</p>` : nothing}
      <h3>Pending requests</h3>
      ${
        pending.length === 0
          ? html`<p class="empty">None.</p>`
          : html`<ul class="promotions">
              ${pending.map((p) => this.renderPending(p, labels))}
            </ul>`
      }
      <h3>Production history</h3>
      ${
        this.versions.length === 0
          ? html`<p class="empty">No version yet.</p>`
          : html`<ol class="versions">
              ${this.versions.map((v) => this.renderVersion(v, labels))}
            </ol>`
      }
      ${
        decided.length === 0
          ? nothing
          : html`<details>
              <summary>Decided requests (${decided.length})</summary>
              <ul class="promotions">
                ${decided.map(
                  (p) =>
                    html`<li data-promotion-id=${p.id} data-status=${p.status}>
                      ${labels.get(p.snapshotId) ?? p.snapshotId}: ${p.status} by
                      ${p.decidedBy?.name ?? '?'}${p.reason ? ` (${p.reason})` : ''}
                    </li>`,
                )}
              </ul>
            </details>`
      }
    </section>`
  }

  private renderPending(p: PromotionRecord, labels: Map<string, string>): TemplateResult {
    const own = p.requestedBy.id === this.userId
    const errors = p.findings.filter((f) => f.severity === 'error').length
    return html`<li data-promotion-id=${p.id} data-status=${p.status}>
      <div>
        <strong>${labels.get(p.snapshotId) ?? p.snapshotId}</strong>
        <span class="meta">requested by ${p.requestedBy.name}, ${formatTime(p.requestedAt)}</span>
      </div>
      ${p.note ? html`<p class="note">${p.note}</p>` : nothing}
      <p class="impact-summary">
        ${
          p.impact === null
            ? 'First promotion: nothing to compare with.'
            : html`${p.impact.changedTier.toLocaleString()} of ${p.impact.leads.toLocaleString()}
              leads change tier; rank correlation ${p.impact.spearman.toFixed(3)}.`
        }
        ${errors > 0 ? html`<strong class="error">${errors} errors.</strong>` : nothing}
        ${p.stale ? html`<strong class="warning">Production moved since: request again.</strong>` : nothing}
      </p>
      <div class="actions">
        <button
          type="button"
          name="approve"
          ?disabled=${this.busy || own || p.stale}
          title=${own ? 'A second release manager approves a request.' : ''}
          @click=${() => this.emit(APPROVE_PROMOTION_EVENT, { promotionId: p.id })}
        >
          Approve
        </button>
        <label>Reason <input name="reject-reason" maxlength="2000" autocomplete="off" /></label>
        <button
          type="button"
          name="reject"
          ?disabled=${this.busy}
          @click=${(e: Event) => this.onReject(p, e.currentTarget as HTMLElement)}
        >
          Reject
        </button>
      </div>
      ${own ? html`<p class="meta">Your request: another release manager approves it.</p>` : nothing}
    </li>`
  }

  private renderVersion(v: ProductionVersionRecord, labels: Map<string, string>): TemplateResult {
    const current = v.version === this.currentVersion
    return html`<li data-version=${v.version}>
      <strong>v${v.version}</strong> ${labels.get(v.snapshotId) ?? v.snapshotId}
      <span class="meta"
        >${v.kind === 'rollback' ? `rollback to v${v.rolledBackTo}` : 'promotion'} by
        ${v.promotedBy.name}, ${formatTime(v.promotedAt)}</span
      >
      ${
        current
          ? html`<em>current</em>`
          : html`<button
              type="button"
              ?disabled=${this.busy}
              aria-label=${`Roll back to version ${v.version}`}
              @click=${() => this.emit(ROLL_BACK_EVENT, { toVersion: v.version })}
            >
              Roll back
            </button>`
      }
    </li>`
  }

  private onRequest(event: SubmitEvent): void {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const select = form.elements.namedItem('promotion-snapshot') as HTMLSelectElement
    const note = form.elements.namedItem('promotion-note') as HTMLInputElement
    if (select.value === '') return
    this.emit(REQUEST_PROMOTION_EVENT, { snapshotId: select.value, note: note.value })
    note.value = ''
  }

  private onReject(p: PromotionRecord, button: HTMLElement): void {
    const input = button.parentElement?.querySelector<HTMLInputElement>('input[name=reject-reason]')
    const reason = input?.value.trim() ?? ''
    if (reason === '') {
      // The server records why a request was turned down; ask for it here.
      input?.setCustomValidity('Say why the request is rejected.')
      input?.reportValidity()
      input?.addEventListener('input', () => input.setCustomValidity(''), { once: true })
      return
    }
    this.emit(REJECT_PROMOTION_EVENT, { promotionId: p.id, reason })
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }))
  }
}

customElements.define('sp-release-panel', SpReleasePanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-release-panel': SpReleasePanel
  }
}
