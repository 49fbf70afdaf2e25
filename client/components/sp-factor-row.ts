import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type { PresentUser } from '../controllers/presence-controller.ts'
import type { FactorView } from '../doc/factor-view.ts'
import { requestEdit } from '../doc/model-edit.ts'
import { describeTransform } from './describe-transform.ts'
import { invalidIf, noteId, renderFieldNote, type FieldNote } from './field-notes.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'
import './sp-transform-editor.ts'

/** Fired while the weight slider moves, before the value is committed: `detail` {factorId, weight}. */
export const WEIGHT_PREVIEW_EVENT = 'sp-weight-preview'

export interface WeightPreview {
  factorId: string
  /** The weight under the slider, or null when the drag ended. */
  weight: number | null
}

/**
 * One factor of the model: label, field, transform, weight (slider and number), missing value, and
 * who else is editing it. Each commit asks for an edit (`sp-edit`); a weight edit writes that
 * weight only, never rebalancing the others. Errors and co-editors' changes show under the field.
 */
export class SpFactorRow extends LightElement {
  static override properties = {
    factor: { attribute: false },
    index: { type: Number },
    count: { type: Number },
    editors: { attribute: false },
    readonly: { type: Boolean },
    fields: { attribute: false },
    notes: { attribute: false },
    sliding: { state: true },
    typed: { state: true },
  }

  declare factor: FactorView
  declare index: number
  declare count: number
  /** Other people with focus in this row now. */
  declare editors: PresentUser[]
  declare readonly: boolean
  /** The dataset's fields, offered as suggestions for `field`. */
  declare fields: readonly string[]
  /** Per field (`weight`, `label`, `transform.max`…): its finding and who changed it elsewhere. */
  declare notes: Readonly<Record<string, FieldNote>>
  /** The weight under the slider while it is dragged. */
  declare sliding: number | null
  /** Errors of what was typed and refused (not a number), by field. */
  declare typed: Record<string, string>

  constructor() {
    super()
    this.factor = { id: '', label: '', field: '', weight: NaN, missing: NaN, transform: {} }
    this.index = 0
    this.count = 1
    this.editors = []
    this.readonly = false
    this.fields = []
    this.notes = {}
    this.sliding = null
    this.typed = {}
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('factor')) this.dataset.factorId = this.factor.id
    const editor = this.editors[0]
    if (editor) this.style.setProperty('--editor-color', editor.color)
    else this.style.removeProperty('--editor-color')
    this.toggleAttribute('data-being-edited', editor !== undefined)
  }

  override render(): TemplateResult {
    const f = this.factor
    const name = f.label || f.id
    const weight = numberText(this.sliding ?? f.weight)
    return html`
      <div class="factor" @focusout=${() => this.requestUpdate()}>
        <div class="factor-order">
          <span class="factor-index" aria-hidden="true">${this.index + 1}</span>
          <button
            type="button"
            class="icon"
            aria-label=${`Move ${name} up`}
            ?disabled=${this.readonly || this.index === 0}
            @click=${(e: Event) => this.move(-1, e.currentTarget as HTMLButtonElement)}
          >
            ↑
          </button>
          <button
            type="button"
            class="icon"
            aria-label=${`Move ${name} down`}
            ?disabled=${this.readonly || this.index >= this.count - 1}
            @click=${(e: Event) => this.move(1, e.currentTarget as HTMLButtonElement)}
          >
            ↓
          </button>
        </div>
        <div class="factor-label">
          <label
            >Label
            <input
              name="label"
              ?disabled=${this.readonly}
              aria-invalid=${invalidIf(this.note('label'))}
              aria-describedby=${this.noteId('label')}
              ${liveValue(f.label)}
              @change=${(e: Event) => this.writeText('label', e.target as HTMLInputElement)}
          /></label>
          ${renderFieldNote(this.noteId('label'), this.note('label'))}
        </div>
        <div class="factor-field">
          <label
            >Field
            <input
              name="field"
              list="sp-dataset-fields"
              autocomplete="off"
              ?disabled=${this.readonly}
              aria-invalid=${invalidIf(this.note('field'))}
              aria-describedby=${this.noteId('field')}
              ${liveValue(f.field)}
              @change=${(e: Event) => this.writeText('field', e.target as HTMLInputElement)}
          /></label>
          ${renderFieldNote(this.noteId('field'), this.note('field'))}
        </div>
        <div class="factor-weight">
          <label
            >Weight
            <input
              name="weight"
              inputmode="decimal"
              autocomplete="off"
              ?disabled=${this.readonly}
              aria-invalid=${invalidIf(this.note('weight'))}
              aria-describedby=${this.noteId('weight')}
              ${liveValue(weight, 'weight' in this.typed && this.sliding === null)}
              @change=${(e: Event) => this.writeNumber('weight', e.target as HTMLInputElement)}
          /></label>
          <input
            type="range"
            name="weight-slider"
            min="0"
            max="1"
            step="0.01"
            aria-label=${`Weight of ${name}`}
            ?disabled=${this.readonly}
            ${liveValue(Number.isFinite(f.weight) || this.sliding !== null ? weight : '0')}
            @input=${this.onSlide}
            @change=${this.onSlideEnd}
          />
          ${renderFieldNote(this.noteId('weight'), this.note('weight'))}
        </div>
        <div class="factor-missing">
          <label
            >If missing
            <input
              name="missing"
              inputmode="decimal"
              autocomplete="off"
              ?disabled=${this.readonly}
              aria-invalid=${invalidIf(this.note('missing'))}
              aria-describedby=${this.noteId('missing')}
              ${liveValue(numberText(f.missing), 'missing' in this.typed)}
              @change=${(e: Event) => this.writeNumber('missing', e.target as HTMLInputElement)}
          /></label>
          ${renderFieldNote(this.noteId('missing'), this.note('missing'))}
        </div>
        <details class="factor-transform" ?open=${this.hasTransformNote()}>
          <summary>${describeTransform(f.transform)}</summary>
          <sp-transform-editor
            .factorId=${f.id}
            .transform=${f.transform}
            .notes=${this.notes}
            ?readonly=${this.readonly}
          ></sp-transform-editor>
        </details>
        <div class="factor-editors" aria-live="polite">
          ${this.editors.map(
            (u) =>
              html`<span
                class="editor-badge"
                data-editing-user=${u.id}
                style=${`--user-color: ${u.color}`}
                >${u.name} is editing</span
              >`,
          )}
        </div>
        ${
          this.readonly
            ? nothing
            : html`<button
                type="button"
                class="icon danger factor-remove"
                aria-label=${`Remove ${name}`}
                @click=${() => requestEdit(this, { type: 'remove-factor', factorId: f.id })}
              >
                ✕
              </button>`
        }
      </div>
    `
  }

  private note(field: string): FieldNote | undefined {
    const typed = this.typed[field]
    const note = this.notes[field]
    return typed ? { ...note, error: typed } : note
  }

  private noteId(field: string): string {
    return noteId(this.factor.id, field)
  }

  private hasTransformNote(): boolean {
    return Object.keys(this.notes).some((k) => k.startsWith('transform') && this.notes[k]?.error)
  }

  private onSlide(event: Event): void {
    this.sliding = Number((event.target as HTMLInputElement).value)
    this.preview(this.sliding)
  }

  private onSlideEnd(event: Event): void {
    this.sliding = null
    this.preview(null)
    this.writeNumber('weight', event.target as HTMLInputElement)
  }

  private preview(weight: number | null): void {
    const detail: WeightPreview = { factorId: this.factor.id, weight }
    this.dispatchEvent(new CustomEvent(WEIGHT_PREVIEW_EVENT, { detail, bubbles: true }))
  }

  private writeNumber(key: 'weight' | 'missing', input: HTMLInputElement): void {
    const text = input.value.trim()
    const value = text === '' ? NaN : Number(text)
    if (!Number.isFinite(value)) {
      // Kept as typed, marked, and not written: the doc keeps its value until a number is given.
      this.typed = {
        ...this.typed,
        [key]: text === '' ? 'Enter a number from 0 to 1.' : `“${text}” is not a number.`,
      }
      return
    }
    const { [key]: _gone, ...rest } = this.typed
    this.typed = rest
    requestEdit(this, { type: 'factor-field', factorId: this.factor.id, key, value })
  }

  private writeText(key: 'label' | 'field', input: HTMLInputElement): void {
    requestEdit(this, { type: 'factor-field', factorId: this.factor.id, key, value: input.value })
  }

  private move(by: number, button: HTMLButtonElement): void {
    requestEdit(this, { type: 'move-factor', factorId: this.factor.id, toIndex: this.index + by })
    // Moving the row in the DOM drops keyboard focus; put it back so arrows can be pressed again.
    requestAnimationFrame(() => {
      const buttons = [...this.querySelectorAll<HTMLButtonElement>('.factor-order button')]
      ;(button.disabled ? buttons.find((b) => !b.disabled) : button)?.focus()
    })
  }
}

customElements.define('sp-factor-row', SpFactorRow)

declare global {
  interface HTMLElementTagNameMap {
    'sp-factor-row': SpFactorRow
  }
  interface HTMLElementEventMap {
    'sp-weight-preview': CustomEvent<WeightPreview>
  }
}
