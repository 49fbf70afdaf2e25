import { html, nothing, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { SnapshotSummary } from '../../shared/model-api-schemas.ts'
import type {
  ProductionVersionRecord,
  PromotionCommentRecord,
  PromotionRecord,
  ShadowReport,
} from '../../shared/promotion-api-schemas.ts'
import { describeBacktest } from './describe-backtest.ts'
import { describeSchedule, describeSuspension, localInputToIso } from './describe-schedule.ts'
import { describeImpact } from './describe-impact.ts'
import { describeShadow } from './describe-shadow.ts'
import { describeSnapshot, newestFirst } from './describe-snapshot.ts'
import { formatTime } from './format-time.ts'
import { LightElement } from './light-element.ts'
import './sp-comment-thread.ts'

/** Fired to request promotion of a snapshot. */
export const REQUEST_PROMOTION_EVENT = 'sp-request-promotion'
/** Fired to approve a request. */
export const APPROVE_PROMOTION_EVENT = 'sp-approve-promotion'
/** Fired to reject a request, with the reason. */
export const REJECT_PROMOTION_EVENT = 'sp-reject-promotion'
/** Fired to roll production back, once the user confirmed what it does. */
export const ROLL_BACK_EVENT = 'sp-roll-back'
/** Fired to cancel a scheduled request, once the user confirmed it. */
export const CANCEL_PROMOTION_EVENT = 'sp-cancel-promotion'

/**
 * Release, for release managers: the production version and its history (with rollback, after a
 * confirmation that says what it will do), a form to request promotion of a snapshot (the newest
 * first; now on approval, or at a chosen time), and the requests with their impact and shadow
 * figures, to approve or reject (never one's own: a second person approves), and scheduled ones,
 * to cancel; each open request carries its review thread. Snapshots are named by label, author,
 * time and hash prefix, never by id.
 */
export class SpReleasePanel extends LightElement {
  static override properties = {
    promotions: { attribute: false },
    shadows: { attribute: false },
    comments: { attribute: false },
    versions: { attribute: false },
    currentVersion: { type: Number },
    snapshots: { attribute: false },
    userId: { type: String },
    busy: { type: Boolean },
    confirmingRollback: { state: true },
    confirmingCancel: { state: true },
  }

  declare promotions: PromotionRecord[]
  /** Shadow figures of pending requests, by request id (live: production's traffic so far). */
  declare shadows: ReadonlyMap<string, ShadowReport>
  /** The review threads of the open requests, by request id. */
  declare comments: ReadonlyMap<string, readonly PromotionCommentRecord[]>
  declare versions: ProductionVersionRecord[]
  declare currentVersion: number
  declare snapshots: SnapshotSummary[]
  /** The signed-in user: their own requests cannot be approved by them. */
  declare userId: string
  declare busy: boolean
  /** The version whose rollback waits for a confirmation. */
  declare confirmingRollback: number | null
  /** The request whose cancellation waits for a confirmation. */
  declare confirmingCancel: string | null

  constructor() {
    super()
    this.promotions = []
    this.shadows = new Map()
    this.comments = new Map()
    this.versions = []
    this.currentVersion = 0
    this.snapshots = []
    this.userId = ''
    this.busy = false
    this.confirmingRollback = null
    this.confirmingCancel = null
  }

  override render(): TemplateResult {
    const waiting = (p: PromotionRecord) => p.status === 'pending' || p.status === 'scheduled'
    const pending = this.promotions.filter((p) => p.status === 'pending')
    const scheduled = this.promotions.filter((p) => p.status === 'scheduled')
    const decided = this.promotions.filter((p) => !waiting(p))
    const snapshots = newestFirst(this.snapshots)
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
          <select name="promotion-snapshot" required ?disabled=${snapshots.length === 0}>
            ${snapshots.map(
              (s, i) =>
                html`<option value=${s.id} ?selected=${i === 0}>${describeSnapshot(s)}</option>`,
            )}
          </select></label
        >
        <label>Note <input name="promotion-note" maxlength="2000" autocomplete="off" /></label>
        <label>Promote at… <input type="datetime-local" name="promotion-scheduled-for" /> </label>
        <button type="submit" ?disabled=${this.busy || snapshots.length === 0}>
          Request promotion
        </button>
      </form>
      ${snapshots.length === 0 ? html`<p class="empty">Take a snapshot to promote it.</p>` : nothing}
      <h3>Pending requests</h3>
      ${
        pending.length === 0
          ? html`<p class="empty">None.</p>`
          : html`<ul class="promotions">
              ${repeat(
                pending,
                (p) => p.id,
                (p) => this.renderPending(p),
              )}
            </ul>`
      }
      ${
        scheduled.length === 0
          ? nothing
          : html`<h3>Scheduled</h3>
              <ul class="promotions">
                ${repeat(
                  scheduled,
                  (p) => p.id,
                  (p) => this.renderScheduled(p),
                )}
              </ul>`
      }
      <h3>Production history</h3>
      ${
        this.versions.length === 0
          ? html`<p class="empty">No version yet.</p>`
          : html`<ol class="versions">
              ${repeat(
                this.versions,
                (v) => v.version,
                (v) => this.renderVersion(v),
              )}
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
                      ${this.snapshotName(p.snapshotId, p.hash)}: ${this.describeOutcome(p)}
                    </li>`,
                )}
              </ul>
            </details>`
      }
    </section>`
  }

  private renderPending(p: PromotionRecord): TemplateResult {
    const own = p.requestedBy.id === this.userId
    const errors = p.findings.filter((f) => f.severity === 'error').length
    const impact = p.impact === null ? null : describeImpact(p.impact, p.basedOnVersion)
    const shadow = this.shadows.get(p.id)
    return html`<li data-promotion-id=${p.id} data-status=${p.status}>
      <div>
        <strong class="snapshot-name">${this.snapshotName(p.snapshotId, p.hash)}</strong>
        <span class="meta">requested by ${p.requestedBy.name}, ${formatTime(p.requestedAt)}</span>
      </div>
      ${p.note ? html`<p class="note">${p.note}</p>` : nothing}
      ${p.scheduledFor === null ? nothing : this.renderSchedule(p)}
      <p class="impact-summary">
        ${
          impact === null
            ? 'First promotion: nothing to compare with.'
            : html`<span data-impact-headline
                  >${impact.headline}; rank correlation ${p.impact!.spearman.toFixed(3)}.</span
                >
                <span class="tier-moves"
                  >${impact.tiers.map(
                    (t) =>
                      html`<span data-tier=${t.tier}
                        >${t.tier}
                        ${t.from.toLocaleString('en-US')}→${t.to.toLocaleString('en-US')}</span
                      > `,
                  )}</span
                >`
        }
        ${p.backtest === null ? nothing : html`<span data-backtest-headline>${describeBacktest(p.backtest)}</span>`}
        ${errors > 0 ? html`<strong class="error">${errors} errors.</strong>` : nothing}
        ${p.stale ? html`<strong class="warning">Production moved since: request again.</strong>` : nothing}
      </p>
      ${shadow === undefined ? nothing : html`<p class="shadow" data-shadow>${describeShadow(shadow)}</p>`}
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
      ${this.renderThread(p)}
    </li>`
  }

  private renderScheduled(p: PromotionRecord): TemplateResult {
    return html`<li data-promotion-id=${p.id} data-status=${p.status}>
      <div>
        <strong class="snapshot-name">${this.snapshotName(p.snapshotId, p.hash)}</strong>
        <span class="meta"
          >requested by ${p.requestedBy.name}, approved by ${p.decidedBy?.name ?? '?'}</span
        >
      </div>
      ${
        p.stale
          ? html`<strong class="warning"
              >Production moved since: it will be suspended when due.</strong
            >`
          : nothing
      }
      ${this.renderSchedule(p)} ${this.renderThread(p)}
    </li>`
  }

  private renderThread(p: PromotionRecord): TemplateResult {
    return html`<sp-comment-thread
      request-id=${p.id}
      .comments=${this.comments.get(p.id) ?? []}
      ?busy=${this.busy}
    ></sp-comment-thread>`
  }

  /** When a request promotes, and Cancel (after a confirmation). */
  private renderSchedule(p: PromotionRecord): TemplateResult {
    const confirming = this.confirmingCancel === p.id
    return html`<div class="schedule">
      <span data-scheduled-for=${p.scheduledFor ?? ''}>${describeSchedule(p, Date.now())}</span>
      ${
        confirming
          ? html`<div class="confirm" role="alertdialog" aria-label="Confirm cancellation">
              <p>Cancel this scheduled promotion? It will never promote; request again to go on.</p>
              <button
                type="button"
                name="confirm-cancel-promotion"
                ?disabled=${this.busy}
                @click=${() => {
                  this.confirmingCancel = null
                  this.emit(CANCEL_PROMOTION_EVENT, { promotionId: p.id })
                }}
              >
                Cancel the promotion
              </button>
              <button type="button" name="keep" @click=${() => (this.confirmingCancel = null)}>
                Keep it
              </button>
            </div>`
          : html`<button
              type="button"
              name="cancel-promotion"
              ?disabled=${this.busy}
              @click=${() => (this.confirmingCancel = p.id)}
            >
              Cancel…
            </button>`
      }
    </div>`
  }

  /** How a request ended, in words. */
  private describeOutcome(p: PromotionRecord): string {
    switch (p.status) {
      case 'suspended':
        return `suspended at its scheduled time: ${describeSuspension(p.reason)}`
      case 'cancelled':
        return `cancelled by ${p.settledBy?.name ?? '?'}`
      case 'promoted':
        return `promoted at its scheduled time as v${p.version}, approved by ${p.decidedBy?.name ?? '?'}`
      default:
        return `${p.status} by ${p.decidedBy?.name ?? '?'}${p.reason ? ` (${p.reason})` : ''}`
    }
  }

  private renderVersion(v: ProductionVersionRecord): TemplateResult {
    const current = v.version === this.currentVersion
    const name = this.snapshotName(v.snapshotId, v.hash)
    const confirming = this.confirmingRollback === v.version
    return html`<li data-version=${v.version}>
      <strong>v${v.version}</strong> ${name}
      <span class="meta"
        >${v.kind === 'rollback' ? `rollback to v${v.rolledBackTo}` : 'promotion'} by
        ${v.promotedBy.name}, ${formatTime(v.promotedAt)}</span
      >
      ${
        current
          ? html`<em>current</em>`
          : confirming
            ? html`<div class="confirm" role="alertdialog" aria-label="Confirm rollback">
                <p>
                  Make v${v.version} (${name}) production again? It becomes
                  v${this.currentVersion + 1}, replacing v${this.currentVersion} for every consumer
                  at once.
                </p>
                <button
                  type="button"
                  name="confirm-roll-back"
                  ?disabled=${this.busy}
                  @click=${() => {
                    this.confirmingRollback = null
                    this.emit(ROLL_BACK_EVENT, { toVersion: v.version })
                  }}
                >
                  Roll back to v${v.version}
                </button>
                <button
                  type="button"
                  name="cancel"
                  @click=${() => (this.confirmingRollback = null)}
                >
                  Cancel
                </button>
              </div>`
            : html`<button
                type="button"
                name="roll-back"
                ?disabled=${this.busy}
                aria-label=${`Roll back to version ${v.version}`}
                @click=${() => (this.confirmingRollback = v.version)}
              >
                Roll back…
              </button>`
      }
    </li>`
  }

  /** A snapshot by label, author, time and hash; by hash alone until the list has it. */
  private snapshotName(snapshotId: string, hash: string): string {
    const snapshot = this.snapshots.find((s) => s.id === snapshotId)
    return snapshot ? describeSnapshot(snapshot) : `snapshot #${hash.slice(0, 8)}`
  }

  private onRequest(event: SubmitEvent): void {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const select = form.elements.namedItem('promotion-snapshot') as HTMLSelectElement
    const note = form.elements.namedItem('promotion-note') as HTMLInputElement
    const at = form.elements.namedItem('promotion-scheduled-for') as HTMLInputElement
    if (select.value === '') return
    const scheduledFor = localInputToIso(at.value)
    if (scheduledFor !== null && Date.parse(scheduledFor) <= Date.now()) {
      // The server refuses a time that has passed; say so before asking it.
      at.setCustomValidity('Pick a time in the future, or leave it empty to promote on approval.')
      at.reportValidity()
      at.addEventListener('input', () => at.setCustomValidity(''), { once: true })
      return
    }
    this.emit(REQUEST_PROMOTION_EVENT, { snapshotId: select.value, note: note.value, scheduledFor })
    note.value = ''
    at.value = ''
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
    // The reason belongs to this request: the next one starts blank.
    if (input) input.value = ''
  }

  private emit<K extends keyof ReleaseEventDetails>(type: K, detail: ReleaseEventDetails[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }))
  }
}

interface ReleaseEventDetails {
  [REQUEST_PROMOTION_EVENT]: { snapshotId: string; note: string; scheduledFor: string | null }
  [APPROVE_PROMOTION_EVENT]: { promotionId: string }
  [REJECT_PROMOTION_EVENT]: { promotionId: string; reason: string }
  [ROLL_BACK_EVENT]: { toVersion: number }
  [CANCEL_PROMOTION_EVENT]: { promotionId: string }
}

customElements.define('sp-release-panel', SpReleasePanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-release-panel': SpReleasePanel
  }
  interface HTMLElementEventMap {
    [REQUEST_PROMOTION_EVENT]: CustomEvent<ReleaseEventDetails[typeof REQUEST_PROMOTION_EVENT]>
    [APPROVE_PROMOTION_EVENT]: CustomEvent<ReleaseEventDetails[typeof APPROVE_PROMOTION_EVENT]>
    [REJECT_PROMOTION_EVENT]: CustomEvent<ReleaseEventDetails[typeof REJECT_PROMOTION_EVENT]>
    [ROLL_BACK_EVENT]: CustomEvent<ReleaseEventDetails[typeof ROLL_BACK_EVENT]>
    [CANCEL_PROMOTION_EVENT]: CustomEvent<ReleaseEventDetails[typeof CANCEL_PROMOTION_EVENT]>
  }
}
