import { html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { ValidationResult } from '../../engine/validate-model.ts'
import { addFactor, newFactorId, setDescription, setName } from '../../shared/model-doc.ts'
import { ModelDocController } from '../controllers/model-doc-controller.ts'
import { PresenceController } from '../controllers/presence-controller.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { LightElement } from './light-element.ts'
import { liveValue } from './live-value.ts'
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

/**
 * The model editor: its name, one row per factor, the tiers and the live findings. It follows the
 * doc (local, remote and IndexedDB changes alike) and publishes which factor has focus here.
 */
export class SpModelEditor extends LightElement {
  static override properties = {
    doc: { attribute: false },
    awareness: { attribute: false },
    readonly: { type: Boolean },
    datasetFields: { attribute: false },
  }

  declare doc: Y.Doc | null
  declare awareness: Awareness | null
  declare readonly: boolean
  declare datasetFields: readonly string[] | undefined

  private readonly model = new ModelDocController(this)
  private readonly presence = new PresenceController(this)
  private announced: Record<string, unknown> | null = null

  constructor() {
    super()
    this.doc = null
    this.awareness = null
    this.readonly = false
    this.datasetFields = undefined
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('doc')) this.model.setDoc(this.doc)
    if (changed.has('awareness')) this.presence.setAwareness(this.awareness)
    if (changed.has('datasetFields')) this.model.setDatasetFields(this.datasetFields)
  }

  protected override updated(): void {
    if (this.model.input === this.announced) return
    this.announced = this.model.input
    const detail: ModelChangeDetail = {
      input: this.model.input,
      validation: this.model.validation,
      hasContent: this.model.hasContent,
    }
    this.dispatchEvent(new CustomEvent(MODEL_CHANGE_EVENT, { detail, bubbles: true }))
  }

  override render(): TemplateResult {
    const { factors, tiers, validation, input } = this.model
    if (!this.model.hasContent) {
      return html`<p class="empty" role="status">This model has no content here yet.</p>`
    }
    const name = typeof input.name === 'string' ? input.name : ''
    const description = typeof input.description === 'string' ? input.description : ''
    return html`
      <div class="model-meta" @focusout=${() => this.requestUpdate()}>
        <label
          >Model name
          <input
            name="model-name"
            ?disabled=${this.readonly}
            ${liveValue(name)}
            @change=${(e: Event) =>
              this.doc && setName(this.doc, (e.target as HTMLInputElement).value, LOCAL_ORIGIN)}
        /></label>
        <label
          >Description
          <input
            name="model-description"
            ?disabled=${this.readonly}
            ${liveValue(description)}
            @change=${this.onDescription}
        /></label>
      </div>
      <datalist id="sp-dataset-fields">
        ${(this.datasetFields ?? []).map((f) => html`<option value=${f}></option>`)}
      </datalist>
      <section class="factors" aria-labelledby="sp-factors-title">
        <h2 id="sp-factors-title">
          Factors
          <span class="weight-total" role="status"
            >${weightTotal(factors.map((f) => f.weight))}</span
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
                .doc=${this.doc}
                .factor=${f}
                .index=${i}
                .count=${factors.length}
                .editors=${this.presence.editorsOf(f.id)}
                .fields=${this.datasetFields ?? []}
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
          .doc=${this.doc}
          .tiers=${tiers}
          ?readonly=${this.readonly}
        ></sp-tiers-editor>
      </section>
      <sp-findings-list
        .doc=${this.doc}
        .findings=${validation.findings}
        ?readonly=${this.readonly}
        @sp-show-factor=${this.onShowFactor}
      ></sp-findings-list>
    `
  }

  private onDescription(event: Event): void {
    if (!this.doc) return
    const text = (event.target as HTMLInputElement).value
    setDescription(this.doc, text === '' ? undefined : text, LOCAL_ORIGIN)
  }

  private onAddFactor(): void {
    if (!this.doc) return
    const id = newFactorId()
    addFactor(
      this.doc,
      {
        id,
        label: `New factor ${this.model.factors.length + 1}`,
        field: this.datasetFields?.[0] ?? 'field',
        weight: 0,
        missing: 0,
        transform: { kind: 'linear', min: 0, max: 100 },
      },
      undefined,
      LOCAL_ORIGIN,
    )
    void this.updateComplete.then(() =>
      this.querySelector<HTMLInputElement>(`[data-factor-id="${id}"] input[name="label"]`)?.focus(),
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

  private onShowFactor(event: CustomEvent<{ index: number }>): void {
    const row = this.querySelectorAll('sp-factor-row')[event.detail.index]
    row?.scrollIntoView({ block: 'center', behavior: 'smooth' })
    row?.querySelector<HTMLInputElement>('input[name="weight"]')?.focus({ preventScroll: true })
  }
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
}
