import { html, nothing, type TemplateResult } from 'lit'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import { describeFailure } from '../api/api-result.ts'
import { hasRole, type Identity } from '../../shared/identity-schema.ts'
import type { ModelSummary } from '../../shared/model-api-schemas.ts'
import { createModel, fetchModelDraft, listModels } from '../api/model-api.ts'
import { ModelBranchesController } from '../controllers/model-branches-controller.ts'
import { branchPath, editorPath } from '../controllers/route-controller.ts'
import { readLocalModel, writeLocalModel } from '../doc/local-model.ts'
import { readRecentModels, rememberModel } from '../doc/recent-models.ts'
import { downloadJson } from './download-json.ts'
import { LightElement } from './light-element.ts'
import './sp-branch-list.ts'

/** Fired to open a model: `detail` {path}. */
export const NAVIGATE_EVENT = 'sp-navigate'

interface Row {
  id: string
  name: string
  summary: ModelSummary | null
  /** Opened in this browser (its doc is in IndexedDB). */
  local: boolean
}

/**
 * The models list: the server's models and those opened in this browser, with create from the demo
 * template, import of a model JSON file and export of each.
 */
export class SpModelsPage extends LightElement {
  static override properties = {
    token: { attribute: false },
    identity: { attribute: false },
  }

  declare token: string | null
  declare identity: Identity | null

  private server: ModelSummary[] | null = null
  private listProblem: string | null = null
  private message: { kind: 'error' | 'info'; text: string; findings?: Finding[] } | null = null
  private busy = false
  private readonly branches = new ModelBranchesController(this)

  constructor() {
    super()
    this.token = null
    this.identity = null
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(): Promise<void> {
    if (this.token === null) return
    const result = await listModels(this.token)
    if (result.ok) {
      this.server = result.data.models
      this.listProblem = null
      this.branches.follow(
        this.token,
        result.data.models.map((m) => m.id),
      )
    } else {
      this.listProblem = describeFailure(result)
    }
    this.requestUpdate()
  }

  override render(): TemplateResult {
    const canEdit = this.identity === null || hasRole(this.identity.role, 'analyst')
    const rows = this.rows()
    return html`
      <h1>Models</h1>
      ${canEdit ? this.renderCreate() : nothing}
      ${
        this.message
          ? html`<div
              class=${`notice ${this.message.kind}`}
              role=${this.message.kind === 'error' ? 'alert' : 'status'}
            >
              ${this.message.text}
              ${
                this.message.findings?.length
                  ? html`<ul>
                      ${this.message.findings.map(
                        (f) =>
                          html`<li data-finding-code=${f.code} data-severity=${f.severity}>
                            ${f.message}
                          </li>`,
                      )}
                    </ul>`
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        this.listProblem
          ? html`<p class="notice warning" role="status">
              ${this.listProblem} Showing the models opened in this browser.
            </p>`
          : nothing
      }
      <table class="models">
        <caption class="visually-hidden">
          Models
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Id</th>
            <th scope="col">Checks</th>
            <th scope="col">Updated</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${
            rows.length === 0
              ? html`<tr>
                  <td colspan="5" class="empty">
                    ${this.server === null && this.listProblem === null ? 'Loading…' : 'No models yet.'}
                  </td>
                </tr>`
              : rows.map((row) => this.renderRow(row, canEdit))
          }
        </tbody>
      </table>
    `
  }

  private renderCreate(): TemplateResult {
    return html`<div class="create">
      <form @submit=${this.onCreate}>
        <label
          >New model from the demo template
          <input name="new-model-name" required placeholder="e.g. Q3 inbound score" />
        </label>
        <button class="primary" ?disabled=${this.busy}>Create</button>
      </form>
      <label class="file-button"
        >Import a model JSON…
        <input
          type="file"
          name="import-model"
          accept=".json,application/json"
          class="visually-hidden"
          @change=${this.onImport}
      /></label>
    </div>`
  }

  private renderRow(row: Row, canEdit: boolean): TemplateResult {
    const s = row.summary
    return html`${this.renderModel(row)}
    ${
      s === null
        ? nothing
        : html`<tr class="branches-row" data-branches-row=${row.id}>
            <td colspan="5">
              <sp-branch-list
                .modelId=${row.id}
                .modelName=${row.name}
                .branches=${this.branches.branches.get(row.id) ?? []}
                .snapshots=${this.branches.snapshots.get(row.id) ?? null}
                .problem=${this.branches.problems.get(row.id) ?? null}
                ?canCreate=${canEdit && this.token !== null}
                ?busy=${this.branches.busy}
                @sp-want-snapshots=${() => {
                  if (this.token !== null) void this.branches.loadSnapshots(this.token, row.id)
                }}
                @sp-create-branch=${this.onCreateBranch}
              ></sp-branch-list>
            </td>
          </tr>`
    }`
  }

  private renderModel(row: Row): TemplateResult {
    const s = row.summary
    return html`<tr data-model-id=${row.id}>
      <td><a href=${editorPath(row.id)}>${row.name || row.id}</a></td>
      <td data-label="Id"><code>${row.id}</code></td>
      <td data-label="Checks">
        ${
          s
            ? s.errors + s.warnings === 0
              ? 'valid'
              : `${s.errors} errors, ${s.warnings} warnings`
            : 'in this browser only'
        }
      </td>
      <td data-label="Updated">${s ? new Date(s.updatedAt).toLocaleString() : ''}</td>
      <td>
        <button
          type="button"
          aria-label=${`Export ${row.name || row.id}`}
          @click=${() => this.onExport(row)}
        >
          Export
        </button>
      </td>
    </tr>`
  }

  private rows(): Row[] {
    const rows: Row[] = (this.server ?? []).map((s) => ({
      id: s.id,
      name: s.name ?? '',
      summary: s,
      local: false,
    }))
    const known = new Set(rows.map((r) => r.id))
    for (const recent of readRecentModels()) {
      const row = rows.find((r) => r.id === recent.id)
      if (row) row.local = true
      else if (!known.has(recent.id))
        rows.push({ id: recent.id, name: recent.name, summary: null, local: true })
    }
    return rows
  }

  private async onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const name = (new FormData(form).get('new-model-name') as string | null)?.trim() ?? ''
    if (name === '') return
    const model = { ...DEMO_MODEL, id: newModelId(name), name }
    await this.create(model, { offlineFallback: true })
    form.reset()
  }

  private async onCreateBranch(
    event: CustomEvent<{ modelId: string; name: string; from: string | null }>,
  ): Promise<void> {
    if (this.token === null) return
    const { modelId, name, from } = event.detail
    const branch = await this.branches.create(this.token, modelId, name, from)
    if (branch !== null) this.navigate(branchPath(branch.modelId, branch.name))
  }

  private async onImport(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    let model: unknown
    try {
      model = JSON.parse(await file.text()) as unknown
    } catch (error) {
      this.show({ kind: 'error', text: `${file.name} is not JSON: ${(error as Error).message}` })
      return
    }
    await this.create(model, { offlineFallback: false })
  }

  private async create(
    model: unknown,
    { offlineFallback }: { offlineFallback: boolean },
  ): Promise<void> {
    if (this.token === null) return
    this.busy = true
    this.requestUpdate()
    try {
      const result = await createModel(this.token, model)
      const id = (model as { id?: unknown }).id
      const name = (model as { name?: unknown }).name
      if (result.ok && typeof id === 'string') {
        rememberModel(id, typeof name === 'string' ? name : id, Date.now())
        this.navigate(editorPath(id))
      } else if (
        !result.ok &&
        result.kind === 'network' &&
        offlineFallback &&
        typeof id === 'string'
      ) {
        // Local-first: keep the new model here; the editor's socket sends it up when online.
        const written = await writeLocalModel(model as typeof DEMO_MODEL)
        if (written.ok) {
          rememberModel(id, typeof name === 'string' ? name : id, Date.now())
          this.navigate(editorPath(id))
        } else this.show({ kind: 'error', text: written.message, findings: written.findings })
      } else if (!result.ok) {
        const findings =
          result.kind === 'network' ? [] : (result.problem.findings as Finding[] | undefined)
        this.show({ kind: 'error', text: describeFailure(result), findings: findings ?? [] })
      }
    } finally {
      this.busy = false
      this.requestUpdate()
    }
  }

  private async onExport(row: Row): Promise<void> {
    let model: unknown = null
    if (this.token !== null && row.summary !== null) {
      const result = await fetchModelDraft(this.token, row.id)
      if (result.ok) model = result.data.draft
    }
    if (model === null && row.local) model = await readLocalModel(row.id)
    if (model === null) {
      this.show({ kind: 'error', text: `The model "${row.id}" cannot be read right now.` })
      return
    }
    downloadJson(`${row.id}.json`, model)
  }

  private show(message: SpModelsPage['message']): void {
    this.message = message
    this.requestUpdate()
  }

  private navigate(path: string): void {
    this.dispatchEvent(new CustomEvent(NAVIGATE_EVENT, { detail: { path }, bubbles: true }))
  }
}

/** A slug from a display name plus a random suffix, so two people creating "Q3" get two models. */
export function newModelId(name: string): string {
  const base = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0]?.toString(36) ?? '0'
  return `${base || 'model'}-${suffix}`
}

customElements.define('sp-models-page', SpModelsPage)

declare global {
  interface HTMLElementTagNameMap {
    'sp-models-page': SpModelsPage
  }
}
