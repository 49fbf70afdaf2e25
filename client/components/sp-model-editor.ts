import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { ValidationResult } from '../../engine/validate-model.ts'
import type { Finding, FindingPath } from '../../shared/finding-schema.ts'
import { newFactorId } from '../../shared/model-doc.ts'
import type { FactorInput } from '../../shared/model-schema.ts'
import { ModelDraftController, type Adoption } from '../controllers/model-draft-controller.ts'
import { PresenceController } from '../controllers/presence-controller.ts'
import type { FactorView } from '../doc/factor-view.ts'
import { EDIT_EVENT, type ModelEdit } from '../doc/model-edit.ts'
import { invalidIf, noteId, renderFieldNote, type FieldNote } from './field-notes.ts'
import { LightElement } from './light-element.ts'
import { liveValue, ownsTextUndo } from './live-value.ts'
import { WEIGHT_PREVIEW_EVENT, type WeightPreview } from './sp-factor-row.ts'
import { SHOW_FIELD_EVENT } from './sp-findings-list.ts'
import './sp-factor-row.ts'
import './sp-findings-list.ts'
import './sp-tiers-editor.ts'

/** Fired after every change of the model in the doc: `detail` {input, validation}. */
export const MODEL_CHANGE_EVENT = 'sp-model-change'

export interface ModelChangeDetail {
  /** The model-shaped JSON the doc holds. */
  input: Record<string, unknown>
  validation: ValidationResult
  hasContent: boolean
}

/** A co-editor's change is shown under its field this long (ms). */
const REMOTE_NOTE_MS = 15_000
/** The field a new factor reads when the dataset has no unused one: flagged by validation. */
const PLACEHOLDER_FIELD = 'choose-a-field'

/**
 * The model editor: undo and redo, its name, the live checks, one row per factor and the tiers.
 * Its controller owns the model session: components ask for edits (`sp-edit`) and it applies
 * them; it also publishes which factor has focus here.
 */
export class SpModelEditor extends LightElement {
  static override properties = {
    doc: { attribute: false },
    awareness: { attribute: false },
    readonly: { type: Boolean },
    datasetFields: { attribute: false },
    sliding: { state: true },
  }

  declare doc: Y.Doc | null
  declare awareness: Awareness | null
  declare readonly: boolean
  declare datasetFields: readonly string[] | undefined
  /** Weights under sliders being dragged, by factor id. */
  declare sliding: ReadonlyMap<string, number>

  private readonly model = new ModelDraftController(this)
  private readonly presence = new PresenceController(this)
  private announced: Record<string, unknown> | null = null
  private readonly onKeyDown = (event: KeyboardEvent) => this.onShortcut(event)
  private noteTimer: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.doc = null
    this.awareness = null
    this.readonly = false
    this.datasetFields = undefined
    this.sliding = new Map()
    this.addEventListener(EDIT_EVENT, (event) => this.onEdit(event))
    this.addEventListener(WEIGHT_PREVIEW_EVENT, (event) => this.onPreview(event))
    this.addEventListener(SHOW_FIELD_EVENT, (event) => this.showField(event.detail.path))
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('keydown', this.onKeyDown)
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('keydown', this.onKeyDown)
    clearTimeout(this.noteTimer)
  }

  /**
   * Applies an edit asked for from outside the editor (a snapshot restored, suggested weights) as
   * one edit of this user's, which Undo takes back; false when it changed nothing asked.
   */
  apply(edit: ModelEdit): boolean {
    return !this.readonly && this.model.apply(edit)
  }

  /**
   * Awaits a branch's changes that the server merges at this user's request, and takes them as one
   * edit of this user's when they arrive: Undo takes the merge back.
   */
  adoptUpdate(update: Uint8Array): Adoption {
    return this.model.adoptUpdate(update)
  }

  /** Writes several weights (Suggest weights') as one edit of this user's that undo takes back. */
  setWeights(weights: Readonly<Record<string, number>>): boolean {
    return this.model.apply({ type: 'set-weights', weights })
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('doc')) this.model.setDoc(this.doc)
    if (changed.has('awareness')) {
      this.presence.setAwareness(this.awareness)
      this.model.setAwareness(this.awareness)
    }
    if (changed.has('datasetFields')) this.model.setDatasetFields(this.datasetFields)
  }

  protected override updated(): void {
    const { input, validation, hasContent } = this.model.draft
    if (input === this.announced) return
    this.announced = input
    const detail: ModelChangeDetail = { input, validation, hasContent }
    this.dispatchEvent(new CustomEvent(MODEL_CHANGE_EVENT, { detail, bubbles: true }))
  }

  override render(): TemplateResult {
    const { factors, tiers, validation, input, hasContent } = this.model.draft
    if (!hasContent) {
      return html`<p class="empty" role="status">This model has no content here yet.</p>`
    }
    const name = typeof input.name === 'string' ? input.name : ''
    const description = typeof input.description === 'string' ? input.description : ''
    const outcomeField = typeof input.outcomeField === 'string' ? input.outcomeField : ''
    const notes = this.notesByField(validation.findings, factors)
    return html`
      ${this.readonly ? nothing : this.renderUndo()}
      <div class="model-meta" @focusout=${() => this.requestUpdate()}>
        <div>
          <label
            >Model name
            <input
              name="model-name"
              ?disabled=${this.readonly}
              aria-describedby=${noteId('model', 'name')}
              aria-invalid=${invalidIf(notes.get('/name'))}
              ${liveValue(name)}
              @change=${(e: Event) =>
                this.model.apply({ type: 'name', value: (e.target as HTMLInputElement).value })}
          /></label>
          ${renderFieldNote(noteId('model', 'name'), notes.get('/name'))}
        </div>
        <div>
          <label
            >Description
            <input
              name="model-description"
              ?disabled=${this.readonly}
              aria-describedby=${noteId('model', 'description')}
              ${liveValue(description)}
              @change=${(e: Event) =>
                this.model.apply({
                  type: 'description',
                  value: (e.target as HTMLInputElement).value,
                })}
          /></label>
          ${renderFieldNote(noteId('model', 'description'), notes.get('/description'))}
        </div>
        <div>
          <label
            >Outcome column
            <input
              name="model-outcome-field"
              list="sp-dataset-fields"
              placeholder="the dataset's, e.g. converted"
              ?disabled=${this.readonly}
              aria-describedby=${noteId('model', 'outcomeField')}
              aria-invalid=${invalidIf(notes.get('/outcomeField'))}
              ${liveValue(outcomeField)}
              @change=${(e: Event) =>
                this.model.apply({
                  type: 'outcome-field',
                  value: (e.target as HTMLInputElement).value.trim(),
                })}
          /></label>
          ${renderFieldNote(noteId('model', 'outcomeField'), notes.get('/outcomeField'))}
        </div>
      </div>
      <sp-findings-list
        .findings=${validation.findings}
        .labels=${factors.map((f) => f.label || f.id)}
        ?readonly=${this.readonly}
      ></sp-findings-list>
      <datalist id="sp-dataset-fields">
        ${(this.datasetFields ?? []).map((f) => html`<option value=${f}></option>`)}
      </datalist>
      <section class="factors" aria-labelledby="sp-factors-title">
        <h2 id="sp-factors-title">
          Factors
          <span class="weight-total" role="status"
            >${weightTotal(factors.map((f) => this.sliding.get(f.id) ?? f.weight))}</span
          >
        </h2>
        <div
          class="factor-list"
          role="list"
          @focusin=${this.onFocusIn}
          @focusout=${this.onFocusOut}
        >
          ${repeat(
            factors,
            (f) => f.id,
            (f, i) =>
              html`<sp-factor-row
                role="listitem"
                .factor=${f}
                .index=${i}
                .count=${factors.length}
                .editors=${this.presence.editorsOf(f.id)}
                .fields=${this.datasetFields ?? []}
                .notes=${factorNotes(notes, f.id)}
                ?readonly=${this.readonly}
              ></sp-factor-row>`,
          )}
        </div>
        ${
          this.readonly
            ? nothing
            : html`<button type="button" class="add-factor" @click=${this.onAddFactor}>
                Add factor
              </button>`
        }
      </section>
      <section class="tiers-section" aria-labelledby="sp-tiers-title">
        <h2 id="sp-tiers-title">Tiers</h2>
        <sp-tiers-editor
          .tiers=${tiers}
          .notes=${tierNotes(
            notes,
            tiers.map((t) => t.id),
          )}
          ?readonly=${this.readonly}
        ></sp-tiers-editor>
      </section>
    `
  }

  private renderUndo(): TemplateResult {
    return html`<div class="undo-bar" role="toolbar" aria-label="Undo and redo">
      <button
        type="button"
        name="undo"
        aria-keyshortcuts="Control+Z Meta+Z"
        ?disabled=${!this.model.canUndo}
        @click=${() => this.model.undo()}
      >
        Undo
      </button>
      <button
        type="button"
        name="redo"
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        ?disabled=${!this.model.canRedo}
        @click=${() => this.model.redo()}
      >
        Redo
      </button>
    </div>`
  }

  /** Errors by field key (see FieldKey), with co-editors' recent changes. */
  private notesByField(
    findings: readonly Finding[],
    factors: FactorView[],
  ): Map<string, FieldNote> {
    const notes = new Map<string, FieldNote>()
    const note = (key: string) => {
      let entry = notes.get(key)
      if (entry === undefined) notes.set(key, (entry = {}))
      return entry
    }
    for (const finding of findings) {
      if (finding.severity !== 'error' && finding.code !== 'empty-label') continue
      const key = fieldKeyOf(finding.path, factors, this.model.draft.tiers)
      if (key !== null) note(key).error ??= finding.message
    }
    const since = Date.now() - REMOTE_NOTE_MS
    const keys = [
      '/name',
      '/description',
      '/outcomeField',
      ...factors.flatMap((f) => [
        ...['label', 'field', 'weight', 'missing', 'transform'].map((k) => `${f.id}/${k}`),
        ...Object.keys(f.transform).map((k) => `${f.id}/transform.${k}`),
      ]),
      ...this.model.draft.tiers.flatMap((t) => [`tier:${t.id}/name`, `tier:${t.id}/min`]),
    ]
    let next = Infinity
    for (const key of keys) {
      const remote = this.model.remoteChange(key)
      if (remote === undefined || remote.at < since) continue
      note(key).remote = remote
      next = Math.min(next, remote.at + REMOTE_NOTE_MS)
    }
    // The note goes when its time is up (a render then drops it).
    clearTimeout(this.noteTimer)
    if (next !== Infinity) {
      this.noteTimer = setTimeout(() => this.requestUpdate(), next - Date.now() + 50)
    }
    return notes
  }

  private onEdit(event: CustomEvent<ModelEdit>): void {
    event.stopPropagation()
    if (this.readonly) return
    const edit = event.detail
    const keep = edit.type === 'remove-factor' ? this.focusAfterRemove(edit.factorId) : null
    this.model.apply(edit)
    if (edit.type === 'normalize-weights') {
      // The button that was pressed goes with the finding: keep focus on the checks.
      void this.updateComplete.then(() =>
        this.querySelector<HTMLElement>('#sp-findings-title')?.focus(),
      )
    }
    if (keep !== null) void this.updateComplete.then(() => keep.focus())
  }

  /** Where focus goes when a factor's row is removed: the next row's remove, or the previous. */
  private focusAfterRemove(factorId: string): HTMLElement | null {
    const rows = [...this.querySelectorAll('sp-factor-row')]
    const at = rows.findIndex((r) => r.factor.id === factorId)
    const row = rows[at + 1] ?? rows[at - 1]
    return (
      row?.querySelector<HTMLElement>('.factor-remove') ??
      this.querySelector<HTMLElement>('.add-factor')
    )
  }

  private onPreview(event: CustomEvent<WeightPreview>): void {
    const { factorId, weight } = event.detail
    const next = new Map(this.sliding)
    if (weight === null) next.delete(factorId)
    else next.set(factorId, weight)
    this.sliding = next
  }

  private onShortcut(event: KeyboardEvent): void {
    if (this.readonly || !(event.ctrlKey || event.metaKey) || event.altKey) return
    const key = event.key.toLowerCase()
    const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)
    if (key !== 'z' && !redo) return
    // Typing not yet committed, or in a box that is not the model's, is the box's own to undo.
    const active = document.activeElement
    if (active !== null && ownsTextUndo(active)) return
    event.preventDefault()
    if (redo) this.model.redo()
    else this.model.undo()
  }

  private onAddFactor(): void {
    const { factors } = this.model.draft
    const used = new Set(factors.map((f) => f.field))
    const fields = this.datasetFields ?? []
    const factor: FactorInput = {
      id: newFactorId(),
      label: `New factor ${factors.length + 1}`,
      field: fields.find((f) => !used.has(f)) ?? PLACEHOLDER_FIELD,
      weight: 0,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 100 },
    }
    this.model.apply({ type: 'add-factor', factor })
    void this.updateComplete.then(() =>
      this.querySelector<HTMLInputElement>(
        `[data-factor-id="${factor.id}"] input[name="label"]`,
      )?.focus(),
    )
  }

  private onFocusIn(event: FocusEvent): void {
    const target = event.target as HTMLElement
    const row = target.closest('sp-factor-row')
    if (row)
      this.presence.setFocus({ factorId: row.factor.id, field: target.getAttribute('name') ?? '' })
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null
    if (!next || !this.querySelector('.factor-list')?.contains(next)) this.presence.setFocus(null)
  }

  /** Scrolls to and focuses the field a finding is about. */
  private showField(path: FindingPath): void {
    const { factors } = this.model.draft
    let control: HTMLElement | null = null
    if (path[0] === 'factors' && typeof path[1] === 'number') {
      const row = this.querySelector(`[data-factor-id="${CSS.escape(factors[path[1]]?.id ?? '')}"]`)
      const field = path[2] === 'transform' ? `transform-${String(path[3] ?? 'kind')}` : path[2]
      if (path[2] === 'transform') row?.querySelector('details')?.setAttribute('open', '')
      control =
        row?.querySelector<HTMLElement>(`[name="${String(field ?? 'weight')}"]`) ??
        row?.querySelector<HTMLElement>('input[name="weight"]') ??
        null
    } else if (path[0] === 'tiers') {
      const row = this.querySelector(`[data-tier-index="${String(path[1] ?? 0)}"]`)
      control = row?.querySelector<HTMLElement>(`[name="tier-${String(path[2] ?? 'min')}"]`) ?? null
    }
    control?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    control?.focus({ preventScroll: true })
  }
}

/** The field key (see FieldKey) a finding's path points at, or null when it names no field. */
function fieldKeyOf(
  path: FindingPath,
  factors: readonly FactorView[],
  tiers: readonly { id: string }[],
): string | null {
  if (path[0] === 'name' || path[0] === 'description' || path[0] === 'outcomeField')
    return `/${path[0]}`
  if (path[0] === 'factors' && typeof path[1] === 'number' && typeof path[2] === 'string') {
    const id = factors[path[1]]?.id
    if (id === undefined) return null
    return path[2] === 'transform' && typeof path[3] === 'string'
      ? `${id}/transform.${path[3]}`
      : `${id}/${path[2]}`
  }
  if (path[0] === 'tiers' && typeof path[1] === 'number' && typeof path[2] === 'string') {
    return `tier:${tiers[path[1]]?.id ?? ''}/${path[2]}`
  }
  return null
}

/** The notes of one factor, keyed by its field (`weight`, `transform.max`). */
function factorNotes(notes: Map<string, FieldNote>, factorId: string): Record<string, FieldNote> {
  const out: Record<string, FieldNote> = {}
  const prefix = `${factorId}/`
  for (const [key, note] of notes) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = note
  return out
}

/** The tiers' notes keyed by `<index>.<key>`, as the tiers editor shows them. */
function tierNotes(
  notes: Map<string, FieldNote>,
  ids: readonly string[],
): Record<string, FieldNote> {
  const out: Record<string, FieldNote> = {}
  ids.forEach((id, i) => {
    for (const key of ['name', 'min']) {
      const note = notes.get(`tier:${id}/${key}`)
      if (note) out[`${i}.${key}`] = note
    }
  })
  return out
}

/** The weights' sum as a short status: "weights sum to 1" or "weights sum to 1.15 (should be 1)". */
function weightTotal(weights: number[]): string {
  const sum = weights.reduce((a, w) => a + (Number.isFinite(w) ? w : 0), 0)
  const shown = Math.round(sum * 10_000) / 10_000
  return Math.abs(sum - 1) <= 1e-6 ? 'weights sum to 1' : `weights sum to ${shown} (should be 1)`
}

customElements.define('sp-model-editor', SpModelEditor)

declare global {
  interface HTMLElementTagNameMap {
    'sp-model-editor': SpModelEditor
  }
  interface HTMLElementEventMap {
    'sp-edit': CustomEvent<ModelEdit>
    'sp-model-change': CustomEvent<ModelChangeDetail>
  }
}
