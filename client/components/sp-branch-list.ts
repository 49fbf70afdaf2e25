import { html, nothing, type TemplateResult } from 'lit'
import type { BranchSummary } from '../../shared/branch-api-schemas.ts'
import type { ForkPoint } from '../controllers/model-branches-controller.ts'
import { branchPath } from '../controllers/route-controller.ts'
import { formatAgo, formatTime } from './format-time.ts'
import { LightElement } from './light-element.ts'

/** Fired by the New branch form: `detail` {modelId, name, from} (`from` a snapshot id or null). */
export const CREATE_BRANCH_EVENT = 'sp-create-branch'
/** Fired when the New branch form opens, so its snapshot choices can be loaded: `detail` {modelId}. */
export const WANT_SNAPSHOTS_EVENT = 'sp-want-snapshots'

/**
 * A model's branches (name, who forked it, when, changes on each side since the fork), each a link
 * to its editor; with a New branch form (name, optionally a snapshot to fork from) for analysts.
 */
export class SpBranchList extends LightElement {
  static override properties = {
    modelId: { attribute: false },
    modelName: { attribute: false },
    branches: { attribute: false },
    snapshots: { attribute: false },
    canCreate: { type: Boolean },
    busy: { type: Boolean },
    problem: { attribute: false },
    creating: { state: true },
  }

  declare modelId: string
  declare modelName: string
  declare branches: readonly BranchSummary[]
  /** The model's snapshots, once loaded (null until then). */
  declare snapshots: readonly ForkPoint[] | null
  declare canCreate: boolean
  declare busy: boolean
  /** Why the last create failed (e.g. the name is taken). */
  declare problem: string | null
  declare creating: boolean

  constructor() {
    super()
    this.modelId = ''
    this.modelName = ''
    this.branches = []
    this.snapshots = null
    this.canCreate = false
    this.busy = false
    this.problem = null
    this.creating = false
  }

  override render(): TemplateResult {
    const of = this.modelName || this.modelId
    return html`<div class="branch-list" data-branches-of=${this.modelId}>
      ${
        this.branches.length === 0
          ? nothing
          : html`<ul aria-label=${`Branches of ${of}`}>
              ${this.branches.map((b) => this.renderBranch(b))}
            </ul>`
      }
      ${this.canCreate ? this.renderCreate(of) : nothing}
    </div>`
  }

  private renderBranch(b: BranchSummary): TemplateResult {
    return html`<li data-branch=${b.name}>
      <a href=${branchPath(b.modelId, b.name)}>${b.name}</a>
      <span class="meta">
        forked by ${b.forkedBy.name}
        <time datetime=${b.forkedAt} title=${formatTime(b.forkedAt)}>${formatAgo(b.forkedAt)}</time>
        ·
        <span data-branch-changes=${b.branchChanges}
          >${plural(b.branchChanges, 'change')} on the branch</span
        >,
        <span data-draft-changes=${b.draftChanges}
          >${plural(b.draftChanges, 'change')} on the draft</span
        >
        since
      </span>
    </li>`
  }

  private renderCreate(of: string): TemplateResult {
    if (!this.creating) {
      return html`<button
        type="button"
        aria-label=${`New branch of ${of}`}
        @click=${this.onOpenForm}
      >
        New branch
      </button>`
    }
    return html`<form
      class="inline-form"
      aria-label=${`New branch of ${of}`}
      @submit=${this.onSubmit}
    >
      <label
        >Branch name
        <input name="branch-name" required maxlength="80" autocomplete="off" />
      </label>
      <label
        >Fork from
        <select name="branch-from">
          <option value="">the draft</option>
          ${(this.snapshots ?? []).map(
            (s) => html`<option value=${s.id}>snapshot “${s.label}”</option>`,
          )}
        </select>
      </label>
      <button type="submit" class="primary" ?disabled=${this.busy}>Create branch</button>
      <button type="button" @click=${() => (this.creating = false)}>Cancel</button>
      ${this.problem ? html`<p class="notice error" role="alert">${this.problem}</p>` : nothing}
    </form>`
  }

  private onOpenForm(): void {
    this.creating = true
    const detail = { modelId: this.modelId }
    this.dispatchEvent(new CustomEvent(WANT_SNAPSHOTS_EVENT, { detail, bubbles: true }))
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    const name = String(data.get('branch-name') ?? '').trim()
    if (name === '') return
    const from = String(data.get('branch-from') ?? '') || null
    const detail = { modelId: this.modelId, name, from }
    this.dispatchEvent(new CustomEvent(CREATE_BRANCH_EVENT, { detail, bubbles: true }))
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

customElements.define('sp-branch-list', SpBranchList)

declare global {
  interface HTMLElementTagNameMap {
    'sp-branch-list': SpBranchList
  }
}
