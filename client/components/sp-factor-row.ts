import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import type * as Y from 'yjs'
import { moveFactor, removeFactor, setFactorField, setWeight } from '../../shared/model-doc.ts'
import type { PresentUser } from '../controllers/presence-controller.ts'
import type { FactorView } from '../doc/factor-view.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { describeTransform } from './describe-transform.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'
import './sp-transform-editor.ts'

/** Fired while the weight slider moves, before the value is committed: `detail` {factorId, weight}. */
export const WEIGHT_PREVIEW_EVENT = 'sp-weight-preview'

/**
 * One factor of the model: label, field, transform, weight (slider and number), missing value, and
 * who else is editing it. Every edit is written through the doc layout module on `change`; a weight
 * edit writes that weight only, never rebalancing the others.
 */
export class SpFactorRow extends LightElement {
  static override properties = {
    doc: { attribute: false },
    factor: { attribute: false },
    index: { type: Number },
    count: { type: Number },
    editors: { attribute: false },
    readonly: { type: Boolean },
    fields: { attribute: false },
  }

  declare doc: Y.Doc | null
  declare factor: FactorView
  declare index: number
  declare count: number
  /** Other people with focus in this row now. */
  declare editors: PresentUser[]
  declare readonly: boolean
  /** The dataset's fields, offered as suggestions for `field`. */
  declare fields: readonly string[]

  constructor() {
    super()
    this.doc = null
    this.factor = { id: '', label: '', field: '', weight: NaN, missing: NaN, transform: {} }
    this.index = 0
    this.count = 1
    this.editors = []
    this.readonly = false
    this.fields = []
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
    const weight = numberText(f.weight)
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
        <label class="factor-label"
          >Label
          <input
            name="label"
            ?disabled=${this.readonly}
            ${liveValue(f.label)}
            @change=${(e: Event) => this.writeText('label', e.target as HTMLInputElement)}
        /></label>
        <label class="factor-field"
          >Field
          <input
            name="field"
            list="sp-dataset-fields"
            autocomplete="off"
            ?disabled=${this.readonly}
            ${liveValue(f.field)}
            @change=${(e: Event) => this.writeText('field', e.target as HTMLInputElement)}
        /></label>
        <div class="factor-weight">
          <label
            >Weight
            <input
              type="number"
              name="weight"
              step="any"
              min="0"
              max="1"
              ?disabled=${this.readonly}
              ${liveValue(weight)}
              @change=${this.onWeight}
          /></label>
          <input
            type="range"
            name="weight-slider"
            min="0"
            max="1"
            step="0.01"
            aria-label=${`Weight of ${name}`}
            ?disabled=${this.readonly}
            ${liveValue(Number.isFinite(f.weight) ? weight : '0')}
            @input=${this.onSlide}
            @change=${this.onWeight}
          />
        </div>
        <label class="factor-missing"
          >If missing
          <input
            type="number"
            name="missing"
            step="any"
            min="0"
            max="1"
            ?disabled=${this.readonly}
            ${liveValue(numberText(f.missing))}
            @change=${(e: Event) => this.writeNumber('missing', e.target as HTMLInputElement)}
        /></label>
        <details class="factor-transform">
          <summary>${describeTransform(f.transform)}</summary>
          <sp-transform-editor
            .doc=${this.doc}
            .factorId=${f.id}
            .transform=${f.transform}
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
                @click=${this.onRemove}
              >
                ✕
              </button>`
        }
      </div>
    `
  }

  private onWeight(event: Event): void {
    this.writeNumber('weight', event.target as HTMLInputElement)
  }

  private onSlide(event: Event): void {
    const weight = Number((event.target as HTMLInputElement).value)
    this.dispatchEvent(
      new CustomEvent(WEIGHT_PREVIEW_EVENT, {
        detail: { factorId: this.factor.id, weight },
        bubbles: true,
      }),
    )
  }

  private writeNumber(key: 'weight' | 'missing', input: HTMLInputElement): void {
    const value = input.value.trim() === '' ? NaN : Number(input.value)
    if (!Number.isFinite(value)) {
      // Not a number: keep the doc as it is and show the stored value again.
      input.value = numberText(key === 'weight' ? this.factor.weight : this.factor.missing)
      return
    }
    if (!this.doc) return
    if (key === 'weight') setWeight(this.doc, this.factor.id, value, LOCAL_ORIGIN)
    else setFactorField(this.doc, this.factor.id, key, value, LOCAL_ORIGIN)
    this.requestUpdate()
  }

  private writeText(key: 'label' | 'field', input: HTMLInputElement): void {
    if (this.doc) setFactorField(this.doc, this.factor.id, key, input.value, LOCAL_ORIGIN)
  }

  private move(by: number, button: HTMLButtonElement): void {
    if (!this.doc) return
    moveFactor(this.doc, this.factor.id, this.index + by, LOCAL_ORIGIN)
    // Moving the row in the DOM drops keyboard focus; put it back so arrows can be pressed again.
    requestAnimationFrame(() => {
      const buttons = [...this.querySelectorAll<HTMLButtonElement>('.factor-order button')]
      ;(button.disabled ? buttons.find((b) => !b.disabled) : button)?.focus()
    })
  }

  private onRemove(): void {
    if (this.doc) removeFactor(this.doc, this.factor.id, LOCAL_ORIGIN)
  }
}

customElements.define('sp-factor-row', SpFactorRow)

declare global {
  interface HTMLElementTagNameMap {
    'sp-factor-row': SpFactorRow
  }
}
