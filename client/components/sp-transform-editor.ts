import { html, nothing, type TemplateResult } from 'lit'
import type * as Y from 'yjs'
import { setTransform, setTransformParam } from '../../shared/model-doc.ts'
import { TRANSFORM_KINDS, type TransformKind } from '../../shared/model-schema.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'
import { defaultTransform } from './transform-defaults.ts'

const KIND_LABELS: Record<TransformKind, string> = {
  linear: 'Linear range',
  log: 'Log range',
  buckets: 'Buckets',
  category: 'Categories',
  boolean: 'Yes / no',
  recency: 'Recency',
}

/**
 * Edits one factor's transform: its kind and each parameter, each written to the doc on `change`
 * through the layout module. A value that is not a number is refused at the control, not written.
 */
export class SpTransformEditor extends LightElement {
  static override properties = {
    doc: { attribute: false },
    factorId: { attribute: false },
    transform: { attribute: false },
    readonly: { type: Boolean },
  }

  declare doc: Y.Doc | null
  declare factorId: string
  declare transform: Record<string, unknown>
  declare readonly: boolean

  constructor() {
    super()
    this.doc = null
    this.factorId = ''
    this.transform = {}
    this.readonly = false
  }

  override render(): TemplateResult {
    const kind = this.transform.kind
    return html`
      <div class="transform-editor" @focusout=${() => this.requestUpdate()}>
        <label
          >Kind
          <select name="transform-kind" ?disabled=${this.readonly} @change=${this.onKind}>
            ${TRANSFORM_KINDS.map(
              (k) => html`<option value=${k} ?selected=${k === kind}>${KIND_LABELS[k]}</option>`,
            )}
          </select>
        </label>
        ${this.renderParams()}
      </div>
    `
  }

  private renderParams(): TemplateResult | typeof nothing {
    switch (this.transform.kind) {
      case 'linear':
        return html`${this.number('min', 'From')} ${this.number('max', 'To')}
          <label class="check"
            ><input
              type="checkbox"
              name="transform-invert"
              ?disabled=${this.readonly}
              .checked=${this.transform.invert === true}
              @change=${(e: Event) => this.write('invert', (e.target as HTMLInputElement).checked)}
            />
            Higher is worse (invert)</label
          >`
      case 'log':
        return html`${this.number('min', 'From (> 0)')} ${this.number('max', 'To')}`
      case 'buckets':
        return html`${this.list('edges', 'Edges (increasing)')}
        ${this.list('scores', 'Scores (one more than edges)')}`
      case 'category':
        return html`${this.categoryMap()} ${this.number('default', 'Score of other values')}`
      case 'boolean':
        return html`${this.number('whenTrue', 'Score when yes')}
        ${this.number('whenFalse', 'Score when no')}`
      case 'recency':
        return this.number('halfLifeDays', 'Half-life (days)')
      default:
        return nothing
    }
  }

  private number(key: string, label: string): TemplateResult {
    const value = this.transform[key]
    return html`<label
      >${label}
      <input
        type="number"
        step="any"
        name=${`transform-${key}`}
        ?disabled=${this.readonly}
        ${liveValue(numberText(typeof value === 'number' ? value : NaN))}
        @change=${(e: Event) => this.onNumber(key, e.target as HTMLInputElement)}
    /></label>`
  }

  private list(key: string, label: string): TemplateResult {
    const value = this.transform[key]
    const text = Array.isArray(value) ? value.join(', ') : ''
    return html`<label
      >${label}
      <input
        name=${`transform-${key}`}
        inputmode="decimal"
        ?disabled=${this.readonly}
        ${liveValue(text)}
        @change=${(e: Event) => this.onList(key, e.target as HTMLInputElement)}
    /></label>`
  }

  private categoryMap(): TemplateResult {
    const map = this.transform.map
    const text =
      typeof map === 'object' && map !== null
        ? Object.entries(map as Record<string, unknown>)
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join('\n')
        : ''
    return html`<label class="wide"
      >Scores per value (one "value = score" a line; values match exactly)
      <textarea
        name="transform-map"
        rows="4"
        ?disabled=${this.readonly}
        ${liveValue(text)}
        @change=${this.onMap}
      ></textarea>
    </label>`
  }

  private onKind(event: Event): void {
    const kind = (event.target as HTMLSelectElement).value as TransformKind
    if (this.doc && kind !== this.transform.kind) {
      setTransform(this.doc, this.factorId, defaultTransform(kind), LOCAL_ORIGIN)
    }
  }

  private onNumber(key: string, input: HTMLInputElement): void {
    const value = input.value.trim() === '' ? NaN : Number(input.value)
    if (!Number.isFinite(value)) {
      input.setCustomValidity('Enter a number.')
      input.reportValidity()
      return
    }
    input.setCustomValidity('')
    this.write(key, value)
  }

  private onList(key: string, input: HTMLInputElement): void {
    const parts = input.value.split(/[,;\s]+/).filter((p) => p !== '')
    const values = parts.map(Number)
    if (values.some((v) => !Number.isFinite(v))) {
      input.setCustomValidity('Enter numbers separated by commas.')
      input.reportValidity()
      return
    }
    input.setCustomValidity('')
    this.write(key, values)
  }

  private onMap(event: Event): void {
    const input = event.target as HTMLTextAreaElement
    const map: Record<string, number> = {}
    for (const line of input.value.split('\n')) {
      if (line.trim() === '') continue
      const at = line.lastIndexOf('=')
      const score = at < 0 ? NaN : Number(line.slice(at + 1))
      if (at < 0 || line.slice(at + 1).trim() === '' || !Number.isFinite(score)) {
        input.setCustomValidity(`"${line}" is not "value = score".`)
        input.reportValidity()
        return
      }
      // Keys match exactly, so only the one space this editor writes before "=" is dropped.
      Object.defineProperty(map, line.slice(0, at).replace(/ $/, ''), {
        value: score,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    input.setCustomValidity('')
    this.write('map', map)
  }

  private write(key: string, value: unknown): void {
    if (this.doc) setTransformParam(this.doc, this.factorId, key, value, LOCAL_ORIGIN)
  }
}

customElements.define('sp-transform-editor', SpTransformEditor)

declare global {
  interface HTMLElementTagNameMap {
    'sp-transform-editor': SpTransformEditor
  }
}
