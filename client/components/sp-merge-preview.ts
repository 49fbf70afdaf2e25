import { html, nothing, type TemplateResult } from 'lit'
import type { MergeResult } from '../../shared/branch-api-schemas.ts'
import type { MergePreviewState } from '../controllers/branch-controller.ts'
import { showValue } from './describe-change.ts'
import { describeMergeField } from './describe-merge-field.ts'
import { LightElement } from './light-element.ts'

/** Fired by Confirm: merge the branch into the draft. */
export const CONFIRM_MERGE_EVENT = 'sp-confirm-merge'
/** Fired by Cancel: close the preview. */
export const CANCEL_MERGE_EVENT = 'sp-cancel-merge'

/**
 * What merging a branch would do to the draft, from the server's dry run: the fields it changes,
 * and for fields the draft changed too since the fork, which value is kept and which dropped.
 */
export class SpMergePreview extends LightElement {
  static override properties = {
    preview: { attribute: false },
    branchName: { attribute: false },
    labels: { attribute: false },
    busy: { type: Boolean },
  }

  declare preview: MergePreviewState
  declare branchName: string
  /** The factors' labels by id, so fields name factors as the editor does. */
  declare labels: Readonly<Record<string, string>>
  declare busy: boolean

  constructor() {
    super()
    this.preview = { state: 'idle' }
    this.branchName = ''
    this.labels = {}
    this.busy = false
  }

  override render(): TemplateResult | typeof nothing {
    const preview = this.preview
    switch (preview.state) {
      case 'idle':
        return nothing
      case 'loading':
        return html`<section class="merge-preview" aria-label="Merge preview">
          <p role="status">Asking the server what the merge would change…</p>
        </section>`
      case 'failed':
        return html`<section class="merge-preview" aria-label="Merge preview">
          <p class="notice error" role="alert">The merge preview failed: ${preview.message}</p>
          <button type="button" @click=${this.onCancel}>Close</button>
        </section>`
      case 'ready':
        return this.renderResult(preview.result)
    }
  }

  private renderResult(result: MergeResult): TemplateResult {
    const contested = new Set(result.bothChanged.map((b) => b.field))
    const plain = result.changed.filter((f) => !contested.has(f))
    const count = plain.length + contested.size
    const nothingNew = count === 0
    return html`<section class="merge-preview" aria-label="Merge preview" data-merge-preview>
      <h3>Merge “${this.branchName}” into the draft</h3>
      ${
        nothingNew
          ? html`<p role="status" data-merge-nothing>
              Nothing new to merge: the draft already has every change of this branch.
            </p>`
          : html`<p>
              The merge changes ${count} ${count === 1 ? 'field' : 'fields'} of the draft, as your
              edit (Undo takes it back).
            </p>`
      }
      ${
        plain.length === 0
          ? nothing
          : html`<ul class="merge-changed">
              ${plain.map(
                (field) =>
                  html`<li data-merge-field=${field}>
                    ${describeMergeField(field, this.labels)}
                  </li>`,
              )}
            </ul>`
      }
      ${
        result.bothChanged.length === 0
          ? nothing
          : html`<p>Changed on both sides since the fork:</p>
              <ul class="merge-both-changed">
                ${result.bothChanged.map(
                  (b) =>
                    html`<li data-merge-conflict=${b.field}>
                      ${describeMergeField(b.field, this.labels)}: kept ${showValue(b.won)}, dropped
                      ${showValue(b.lost)}
                    </li>`,
                )}
              </ul>`
      }
      <div class="actions">
        ${
          nothingNew
            ? nothing
            : html`<button
                type="button"
                class="primary"
                ?disabled=${this.busy}
                @click=${this.onConfirm}
              >
                Confirm merge
              </button>`
        }
        <button type="button" @click=${this.onCancel}>${nothingNew ? 'Close' : 'Cancel'}</button>
      </div>
    </section>`
  }

  private onConfirm(): void {
    this.dispatchEvent(new CustomEvent(CONFIRM_MERGE_EVENT, { bubbles: true }))
  }

  private onCancel(): void {
    this.dispatchEvent(new CustomEvent(CANCEL_MERGE_EVENT, { bubbles: true }))
  }
}

customElements.define('sp-merge-preview', SpMergePreview)

declare global {
  interface HTMLElementTagNameMap {
    'sp-merge-preview': SpMergePreview
  }
}
