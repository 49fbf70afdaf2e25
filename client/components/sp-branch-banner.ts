import { html, nothing, type TemplateResult } from 'lit'
import type { BranchRecord } from '../../shared/branch-api-schemas.ts'
import { editorPath } from '../controllers/route-controller.ts'
import { formatAgo, formatTime } from './format-time.ts'
import { LightElement } from './light-element.ts'

/** Fired by Merge…: show what merging into the draft would change. */
export const MERGE_BRANCH_EVENT = 'sp-merge-branch'
/** Fired once the user confirmed Delete…. */
export const DELETE_BRANCH_EVENT = 'sp-delete-branch'

/**
 * Says which branch the editor shows: whose, forked from what, when; with Merge… (analysts) and
 * Delete… (its creator or a release manager, after a confirmation).
 */
export class SpBranchBanner extends LightElement {
  static override properties = {
    branch: { attribute: false },
    modelName: { attribute: false },
    snapshotLabel: { attribute: false },
    canMerge: { type: Boolean },
    canDelete: { type: Boolean },
    busy: { type: Boolean },
    problem: { attribute: false },
    confirmingDelete: { state: true },
  }

  declare branch: BranchRecord | null
  declare modelName: string
  /** The label of the snapshot it was forked from, when known. */
  declare snapshotLabel: string | null
  declare canMerge: boolean
  declare canDelete: boolean
  declare busy: boolean
  /** Why the last action failed. */
  declare problem: string | null
  declare confirmingDelete: boolean

  constructor() {
    super()
    this.branch = null
    this.modelName = ''
    this.snapshotLabel = null
    this.canMerge = false
    this.canDelete = false
    this.busy = false
    this.problem = null
    this.confirmingDelete = false
  }

  override render(): TemplateResult | typeof nothing {
    const b = this.branch
    if (b === null) return nothing
    const from = b.from === null ? 'draft' : `snapshot “${this.snapshotLabel ?? b.from}”`
    return html`<section class="notice branch-banner" aria-label="Branch" data-branch=${b.name}>
      <p>
        Branch <strong>${b.name}</strong> of
        <a href=${editorPath(b.modelId)}>${this.modelName || b.modelId}</a>, forked from ${from} by
        ${b.forkedBy.name}
        <time datetime=${b.forkedAt} title=${formatTime(b.forkedAt)}>${formatAgo(b.forkedAt)}</time
        >.
      </p>
      <div class="actions">
        ${
          this.canMerge
            ? html`<button type="button" ?disabled=${this.busy} @click=${this.onMerge}>
                Merge…
              </button>`
            : nothing
        }
        ${
          this.canDelete && !this.confirmingDelete
            ? html`<button
                type="button"
                ?disabled=${this.busy}
                @click=${() => (this.confirmingDelete = true)}
              >
                Delete…
              </button>`
            : nothing
        }
      </div>
      ${
        this.confirmingDelete
          ? html`<div class="confirm" role="group" aria-label="Confirm delete">
              <p>
                Delete branch “${b.name}”? Its edits are lost unless merged; its history stays in
                the audit log.
              </p>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${this.onDelete}>
                Delete branch
              </button>
              <button type="button" @click=${() => (this.confirmingDelete = false)}>Keep it</button>
            </div>`
          : nothing
      }
      ${this.problem ? html`<p class="notice error" role="alert">${this.problem}</p>` : nothing}
    </section>`
  }

  private onMerge(): void {
    this.dispatchEvent(new CustomEvent(MERGE_BRANCH_EVENT, { bubbles: true }))
  }

  private onDelete(): void {
    this.confirmingDelete = false
    this.dispatchEvent(new CustomEvent(DELETE_BRANCH_EVENT, { bubbles: true }))
  }
}

customElements.define('sp-branch-banner', SpBranchBanner)

declare global {
  interface HTMLElementTagNameMap {
    'sp-branch-banner': SpBranchBanner
  }
}
