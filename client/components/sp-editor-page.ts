import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { hasRole, type Identity } from '../../shared/identity-schema.ts'
import { BaselineController } from '../controllers/baseline-controller.ts'
import { BranchController } from '../controllers/branch-controller.ts'
import {
  CompareController,
  EDITING,
  PRODUCTION,
  type CompareRole,
} from '../controllers/compare-controller.ts'
import { MergeController } from '../controllers/merge-controller.ts'
import { ImpactController } from '../controllers/impact-controller.ts'
import { ModelTestsController } from '../controllers/model-tests-controller.ts'
import { ReleaseController } from '../controllers/release-controller.ts'
import { editorPath } from '../controllers/route-controller.ts'
import type { SnapshotSummary } from '../../shared/model-api-schemas.ts'
import { openModelSession, type ModelSession } from '../doc/open-model-session.ts'
import { rememberModel } from '../doc/recent-models.ts'
import { downloadJson } from './download-json.ts'
import { LightElement } from './light-element.ts'
import type { WeightPreview } from './sp-factor-row.ts'
import type { ModelChangeDetail } from './sp-model-editor.ts'
import type { ModelEdit } from '../doc/model-edit.ts'
import './sp-backtest-panel.ts'
import './sp-branch-banner.ts'
import './sp-merge-preview.ts'
import './sp-history-panel.ts'
import './sp-impact-panel.ts'
import './sp-model-editor.ts'
import './sp-presence-list.ts'
import './sp-release-panel.ts'
import './sp-sync-status.ts'
import './sp-tests-panel.ts'

/** Fired to go to another page: `detail` {path, replace?}. */
const NAVIGATE_EVENT = 'sp-navigate'

/** Fired when the model's socket closes or is refused (e.g. the token expired). */
export const SOCKET_CLOSED_EVENT = 'sp-socket-closed'

/**
 * The page of one model, or of one of its branches: opens its doc (IndexedDB first, then the
 * socket), shows the editor, who is here, the sync status and the impact preview, and closes the
 * doc when left. A branch's page says whose branch it is and offers Merge… and Delete…; the draft's
 * page has the server merge what was confirmed there (`mergeBranch`), as this user's edit.
 */
export class SpEditorPage extends LightElement {
  static override properties = {
    modelId: { attribute: false },
    token: { attribute: false },
    identity: { attribute: false },
    syncUrl: { attribute: false },
    branchName: { attribute: false },
    mergeBranch: { attribute: false },
  }

  declare modelId: string
  declare token: string | null
  declare identity: Identity | null
  /** `ws(s)://host/sync`, or null to keep the doc local. */
  declare syncUrl: string | null
  /** The branch shown, by name; null for the model's draft. */
  declare branchName: string | null
  /** A branch whose merge into the draft the user confirmed, to apply here; null for none. */
  declare mergeBranch: string | null

  private session: ModelSession | null = null
  private sessionKey = ''
  private readonly impact = new ImpactController(this)
  private readonly tests = new ModelTestsController(
    this,
    () => this.session?.doc ?? null,
    this.impact,
  )
  private readonly compare = new CompareController(this, (role: CompareRole, model) =>
    role === 'baseline' ? this.impact.setBaseline(model) : this.impact.setDraft(model),
  )
  private readonly baseline = new BaselineController(this, (model) =>
    this.compare.offer(PRODUCTION, model),
  )
  private readonly branch = new BranchController(this)
  private readonly merge = new MergeController(this)
  /** Production moved (approval or rollback): compare the draft with the new version. */
  private readonly release = new ReleaseController(
    this,
    () => void this.baseline.loadFor(this.modelId, this.token),
    () => void this.compare.loadBranches(),
  )
  /** The merge this page was last asked for (model and branch), so it runs once. */
  private mergeAsked = ''
  private current: Record<string, unknown> = {}
  /** Weights under sliders being dragged (not yet in the doc), by factor id. */
  private readonly previews = new Map<string, number>()
  private previewFrame = 0
  private readonly onStorage = () => this.requestUpdate()
  private readonly onSocketClosed = (event: CloseEvent | null) =>
    this.dispatchEvent(
      new CustomEvent(SOCKET_CLOSED_EVENT, {
        bubbles: true,
        detail: { code: event?.code ?? null },
      }),
    )

  constructor() {
    super()
    this.modelId = ''
    this.token = null
    this.identity = null
    this.syncUrl = null
    this.branchName = null
    this.mergeBranch = null
  }

  /** The doc shown: the model's draft, or the branch's doc once its id is known ('' until then). */
  private get docId(): string {
    return this.branchName === null ? this.modelId : (this.branch.branch?.branchId ?? '')
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    cancelAnimationFrame(this.previewFrame)
    this.previewFrame = 0
    this.closeSession()
  }

  override connectedCallback(): void {
    super.connectedCallback()
    // Also reopens what disconnectedCallback closed when the page is re-attached.
    this.ensureSession()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.branchName !== null) this.branch.open(this.modelId, this.branchName, this.token)
    const reopened = this.ensureSession()
    if (!reopened && changed.has('token') && this.token !== null) this.session?.setToken(this.token)
    if (changed.has('identity')) this.publishUser()
    const docId = this.docId
    this.release.open(this.modelId, this.token, docId)
    if (docId !== '')
      this.compare.open({ modelId: this.modelId, docId, token: this.token, syncUrl: this.syncUrl })
    this.compare.productionLabel = this.baseline.label
    this.compare.setSnapshots(this.release.snapshots)
  }

  protected override updated(): void {
    const name = this.mergeBranch
    const session = this.session
    if (name === null || session === null || this.token === null || this.branchName !== null) return
    const token = this.token
    const key = `${this.modelId}\n${name}`
    if (key === this.mergeAsked) return
    this.mergeAsked = key
    void this.merge
      .merge(token, this.modelId, name, {
        whenSynced: () => session.whenSynced(),
        adopt: (update) => this.querySelector('sp-model-editor')?.adoptUpdate(update) ?? null,
      })
      // Done with the address that asked for it: a reload must not look like a second merge.
      .then(() => this.navigate(editorPath(this.modelId), true))
  }

  override render(): TemplateResult {
    const state = this.branch.state
    if (this.branchName !== null && state.status !== 'ready') {
      return state.status === 'loading'
        ? html`<p class="empty" role="status">Looking up branch “${this.branchName}”…</p>`
        : html`<h1>Branch “${this.branchName}”</h1>
            <p class="notice error" role="alert" data-branch-problem>${state.message}</p>
            <p><a href=${editorPath(this.modelId)}>Open the model's draft</a></p>`
    }
    const session = this.session
    if (session === null) return html``
    const readonly = this.identity !== null && !hasRole(this.identity.role, 'analyst')
    const canEdit = this.identity !== null && hasRole(this.identity.role, 'analyst')
    const canRelease = this.identity !== null && hasRole(this.identity.role, 'release-manager')
    const onBranch = this.branchName !== null
    const release = this.release
    const name =
      typeof this.current.name === 'string' && this.current.name ? this.current.name : this.modelId
    return html`
      <header class="editor-header">
        <div class="editor-title">
          <a href="/">All models</a>
          <h1>${name}</h1>
          <code class="model-id">${this.modelId}</code>
        </div>
        <div class="editor-status">
          <sp-presence-list .awareness=${session.awareness}></sp-presence-list>
          <sp-sync-status .provider=${session.provider} ?readonly=${readonly}></sp-sync-status>
          <button type="button" @click=${this.onExport}>Export JSON</button>
        </div>
      </header>
      ${onBranch ? this.renderBranch(name, canEdit, canRelease) : this.renderMerge()}
      ${
        session.storage.status === 'failed'
          ? html`<p class="notice error" role="alert" data-storage-error>
              ${session.storage.message} Edits still sync while online.
            </p>`
          : nothing
      }
      ${
        readonly
          ? html`<p class="notice">You can view this model; editing needs the analyst role.</p>`
          : nothing
      }
      <div class="editor-layout">
        <sp-model-editor
          .doc=${session.doc}
          .awareness=${session.awareness}
          .datasetFields=${this.impact.dataset?.fields}
          ?readonly=${readonly}
          @sp-model-change=${this.onModelChange}
          @sp-weight-preview=${this.onWeightPreview}
        ></sp-model-editor>
        <div
          class="analysis"
          @sp-choose-compared=${(e: CustomEvent<{ role: CompareRole; value: string }>) =>
            this.compare.choose(e.detail.role, e.detail.value)}
        >
          <sp-impact-panel
            .report=${this.impact.report}
            .datasetInfo=${this.impact.dataset}
            .millis=${this.impact.millis}
            .rescoreMillis=${this.impact.rescoreMillis}
            .problem=${this.impact.problem}
            .baselineLabel=${this.compare.labelOf('baseline')}
            .candidateLabel=${this.compare.labelOf('candidate')}
            .compareOptions=${this.compare.options}
            .baselineChoice=${this.compare.baseline}
            .candidateChoice=${this.compare.candidate}
            .factorLabels=${factorLabels(this.current)}
            .factorFields=${factorFields(this.current)}
            ?canAddTests=${canEdit}
            @sp-add-mover-test=${(e: CustomEvent<{ row: number; tier: string; name: string }>) =>
              void this.tests.addLead(e.detail.row, e.detail.tier, e.detail.name)}
            @sp-open-dataset=${this.onOpenDataset}
            @sp-reset-baseline=${this.onResetBaseline}
            @sp-use-demo-leads=${() => this.impact.useDemo()}
          ></sp-impact-panel>
          <sp-backtest-panel
            .comparison=${this.impact.backtest}
            .fit=${this.impact.fit}
            .baselineLabel=${this.compare.labelOf('baseline')}
            .candidateLabel=${this.compare.labelOf('candidate')}
            .compareOptions=${this.compare.options}
            .baselineChoice=${this.compare.baseline}
            .candidateChoice=${this.compare.candidate}
            ?readonly=${readonly}
            @sp-suggest-weights=${this.onSuggestWeights}
          ></sp-backtest-panel>
        </div>
      </div>
      ${
        release.message
          ? html`<p
              class=${`notice ${release.message.kind === 'error' ? 'error' : ''}`}
              role=${release.message.kind === 'error' ? 'alert' : 'status'}
              data-release-message=${release.message.kind}
            >
              ${release.message.text}
            </p>`
          : nothing
      }
      <div class="history-layout">
        <sp-tests-panel
          .results=${this.tests.results}
          .problem=${this.tests.problem}
          ?readonly=${!canEdit}
          @sp-remove-test=${(e: CustomEvent<{ testId: string }>) => this.tests.remove(e.detail.testId)}
          @sp-import-tests=${(e: CustomEvent<{ file: File }>) => void this.tests.importCsv(e.detail.file)}
        ></sp-tests-panel>
        <sp-history-panel
          .changes=${release.changes}
          .labels=${factorLabels(this.current)}
          .snapshots=${release.snapshots}
          ?canEdit=${canEdit && !onBranch}
          ?busy=${release.busy}
          @sp-take-snapshot=${(e: CustomEvent<{ label: string }>) =>
            void release.takeSnapshot(e.detail.label)}
          @sp-restore-snapshot=${(e: CustomEvent<{ snapshot: SnapshotSummary }>) =>
            release.restore(e.detail.snapshot, (model) =>
              this.editModel({ type: 'replace-model', model }),
            )}
        ></sp-history-panel>
        ${
          canRelease && !onBranch
            ? html`<sp-release-panel
                .promotions=${release.promotions}
                .shadows=${release.shadows}
                .comments=${release.comments}
                .versions=${release.versions}
                .currentVersion=${release.currentVersion}
                .snapshots=${release.snapshots}
                .userId=${this.identity?.id ?? ''}
                ?busy=${release.busy}
                @sp-request-promotion=${(
                  e: CustomEvent<{ snapshotId: string; note: string; scheduledFor: string | null }>,
                ) =>
                  void release.request(e.detail.snapshotId, e.detail.note, e.detail.scheduledFor)}
                @sp-cancel-promotion=${(e: CustomEvent<{ promotionId: string }>) =>
                  void release.cancel(e.detail.promotionId)}
                @sp-approve-promotion=${(e: CustomEvent<{ promotionId: string }>) =>
                  void release.approve(e.detail.promotionId)}
                @sp-reject-promotion=${(e: CustomEvent<{ promotionId: string; reason: string }>) =>
                  void release.reject(e.detail.promotionId, e.detail.reason)}
                @sp-roll-back=${(e: CustomEvent<{ toVersion: number }>) =>
                  void release.rollBack(e.detail.toVersion)}
                @sp-comment-promotion=${(e: CustomEvent<{ promotionId: string; body: string }>) =>
                  void release.comment(e.detail.promotionId, e.detail.body)}
              ></sp-release-panel>`
            : nothing
        }
      </div>
    `
  }

  /** Opens the doc of the current model or branch unless it is open; true when it opened one. */
  private ensureSession(): boolean {
    const key = `${this.docId}\n${this.syncUrl ?? ''}`
    if (this.session !== null && key === this.sessionKey) return false
    this.closeSession()
    if (this.docId === '' || !this.isConnected) return false
    this.sessionKey = key
    this.openSession()
    return true
  }

  private openSession(): void {
    this.session = openModelSession({
      modelId: this.docId,
      token: this.token,
      syncUrl: this.syncUrl,
    })
    this.session.addEventListener('storage', this.onStorage)
    this.session.provider?.on('connection-close', this.onSocketClosed)
    this.current = {}
    void this.baseline.loadFor(this.modelId, this.token)
    this.publishUser()
  }

  private closeSession(): void {
    const session = this.session
    if (session === null) return
    this.session = null
    session.removeEventListener('storage', this.onStorage)
    session.provider?.off('connection-close', this.onSocketClosed)
    void session.destroy()
  }

  /** Our own presence entry; the server stamps the same identity on what it relays to others. */
  private publishUser(): void {
    if (this.session === null || this.identity === null) return
    const { id, name } = this.identity
    const color = this.session.awareness.getLocalState()?.user?.color ?? '#2563eb'
    this.session.awareness.setLocalStateField('user', { id, name, color })
  }

  private onModelChange(event: CustomEvent<ModelChangeDetail>): void {
    const { input, hasContent } = event.detail
    this.current = input
    this.release.docChanged()
    if (!hasContent) return
    const draft = withPreviews(input, this.previews)
    this.tests.follow(draft)
    this.compare.offer(EDITING, draft)
    this.baseline.offerDraft(input)
    if (typeof input.name === 'string' && this.branchName === null)
      rememberModel(this.modelId, input.name, Date.now())
    this.requestUpdate()
  }

  /**
   * While a slider moves, preview its weight in the impact panel and the tests without writing
   * the doc: at most
   * once an animation frame, with the latest weight of every slider being dragged.
   */
  private onWeightPreview(event: CustomEvent<WeightPreview>): void {
    const { factorId, weight } = event.detail
    if (weight === null) this.previews.delete(factorId)
    else this.previews.set(factorId, weight)
    if (this.previewFrame !== 0) return
    this.previewFrame = requestAnimationFrame(() => {
      this.previewFrame = 0
      const draft = withPreviews(this.current, this.previews)
      this.compare.offer(EDITING, draft)
      this.tests.follow(draft)
    })
  }

  private onOpenDataset(event: CustomEvent<{ file: File }>): void {
    void this.impact.openCsv(event.detail.file)
  }

  /** Fits the draft's weights in the worker and applies them as one undoable edit, if the draft held still. */
  private onSuggestWeights(): void {
    this.impact.suggestWeights((suggestion) => {
      const current = weightsOf(this.current)
      const moved = Object.entries(suggestion.startWeights).some(([id, w]) => current[id] !== w)
      if (moved) return false
      return this.querySelector('sp-model-editor')?.setWeights(suggestion.weights) ?? false
    })
  }

  /** Edits the model through its editor, as one undoable edit of this user's. */
  private editModel(edit: ModelEdit): boolean {
    return this.querySelector('sp-model-editor')?.apply(edit) ?? false
  }

  private onResetBaseline(): void {
    this.baseline.pin(this.current)
    this.compare.choose('baseline', PRODUCTION)
  }

  private onExport(): void {
    const suffix = this.branchName === null ? '' : `-${this.branchName}`
    downloadJson(`${this.modelId}${suffix}.json`, this.current)
  }

  /** The branch's banner, and the merge preview once Merge… asked for it. */
  private renderBranch(modelName: string, canEdit: boolean, canRelease: boolean): TemplateResult {
    const branch = this.branch.branch
    const snapshot = this.release.snapshots.find((s) => s.id === branch?.from)
    const mine = branch !== null && branch.forkedBy.id === this.identity?.id
    return html`<sp-branch-banner
        .branch=${branch}
        .modelName=${modelName}
        .snapshotLabel=${snapshot?.label ?? null}
        ?canMerge=${canEdit}
        ?canDelete=${(canEdit && mine) || canRelease}
        ?busy=${this.branch.busy}
        .problem=${this.branch.deleteProblem}
        @sp-merge-branch=${() => void this.branch.showPreview()}
        @sp-delete-branch=${this.onDeleteBranch}
      ></sp-branch-banner>
      <sp-merge-preview
        .preview=${this.branch.preview}
        .branchName=${this.branchName ?? ''}
        .labels=${factorLabels(this.current)}
        @sp-cancel-merge=${() => this.branch.closePreview()}
        @sp-confirm-merge=${this.onConfirmMerge}
      ></sp-merge-preview>`
  }

  /** How a merge confirmed on a branch's page went, on the draft's page. */
  private renderMerge(): TemplateResult | typeof nothing {
    const merge = this.merge.state
    switch (merge.state) {
      case 'idle':
        return nothing
      case 'merging':
        return html`<p class="notice" role="status">Merging branch “${merge.name}”…</p>`
      case 'failed':
        return html`<p class="notice error" role="alert" data-merge-state="failed">
          Branch “${merge.name}” was not merged: ${merge.message}
        </p>`
      case 'done':
        return merge.applied
          ? html`<p class="notice" role="status" data-merge-state="applied">
              Merged branch “${merge.name}” into the draft as your edit (Undo takes it back).
            </p>`
          : html`<p class="notice" role="status" data-merge-state="nothing-new">
              Nothing new to merge: the draft already has every change of branch “${merge.name}”.
            </p>`
    }
  }

  /** Confirmed: the draft's page asks the server to merge, so the user's Undo there takes it back. */
  private onConfirmMerge(): void {
    const name = this.branchName
    if (name === null) return
    this.branch.closePreview()
    this.navigate(`${editorPath(this.modelId)}?merge=${encodeURIComponent(name)}`)
  }

  private async onDeleteBranch(): Promise<void> {
    if (await this.branch.remove()) this.navigate('/')
  }

  private navigate(path: string, replace = false): void {
    this.dispatchEvent(
      new CustomEvent(NAVIGATE_EVENT, { bubbles: true, detail: { path, replace } }),
    )
  }
}

/** The draft with the weights of sliders being dragged in place of the doc's. */
function withPreviews(
  input: Record<string, unknown>,
  previews: ReadonlyMap<string, number>,
): Record<string, unknown> {
  if (previews.size === 0 || !Array.isArray(input.factors)) return input
  return {
    ...input,
    factors: input.factors.map((f: unknown) => {
      const id = typeof f === 'object' && f !== null ? (f as { id?: unknown }).id : undefined
      const weight = typeof id === 'string' ? previews.get(id) : undefined
      return weight === undefined ? f : { ...(f as object), weight }
    }),
  }
}

function factorLabels(input: Record<string, unknown>): Record<string, string> {
  const labels: Record<string, string> = {}
  for (const f of Array.isArray(input.factors) ? input.factors : []) {
    const { id, label } = (f ?? {}) as { id?: unknown; label?: unknown }
    if (typeof id === 'string') labels[id] = typeof label === 'string' && label ? label : id
  }
  return labels
}

function factorFields(input: Record<string, unknown>): Record<string, string> {
  // A map without a prototype: factor ids come from peers, "__proto__" included.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>
  for (const f of Array.isArray(input.factors) ? input.factors : []) {
    const { id, field } = (f ?? {}) as { id?: unknown; field?: unknown }
    if (typeof id === 'string' && typeof field === 'string' && field !== '') fields[id] = field
  }
  return fields
}

customElements.define('sp-editor-page', SpEditorPage)

declare global {
  interface HTMLElementTagNameMap {
    'sp-editor-page': SpEditorPage
  }
}

/** Each factor's weight by id, from the model JSON the doc holds (anything not a number is left out). */
function weightsOf(input: Record<string, unknown>): Record<string, number> {
  const factors = Array.isArray(input.factors) ? (input.factors as unknown[]) : []
  const weights: Record<string, number> = {}
  for (const factor of factors) {
    const { id, weight } = (factor ?? {}) as { id?: unknown; weight?: unknown }
    if (typeof id === 'string' && typeof weight === 'number') weights[id] = weight
  }
  return weights
}
