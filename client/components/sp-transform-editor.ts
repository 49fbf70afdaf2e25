import { html, nothing, type TemplateResult } from 'lit'
import { TRANSFORM_KINDS, type TransformKind } from '../../shared/model-schema.ts'
import { requestEdit } from '../doc/model-edit.ts'
import { invalidIf, noteId, renderFieldNote, type FieldNote } from './field-notes.ts'
import { LightElement } from './light-element.ts'
import { liveValue, numberText } from './live-value.ts'

const KIND_LABELS: Record<TransformKind, string> = {
  linear: 'Linear range',
  log: 'Log range',
  buckets: 'Buckets',
  category: 'Categories',
  boolean: 'Yes / no',
  recency: 'Recency',
}

/**
 * Edits one factor's transform: its kind (switching back restores the kind's earlier params) and
 * each parameter, each asked for on `change`. A value that is not a number is refused and marked
 * under its field, not written.
 */
export class SpTransformEditor extends LightElement {
  static override properties = {
    factorId: { attribute: false },
    transform: { attribute: false },
    notes: { attribute: false },
    readonly: { type: Boolean },
    typed: { state: true },
  }

  declare factorId: string
  declare transform: Record<string, unknown>
  /** The factor's field notes; this editor shows those of `transform.<param>`. */
  declare notes: Readonly<Record<string, FieldNote>>
  declare readonly: boolean
  declare typed: Record<string, string>

  constructor() {
    super()
    this.factorId = ''
    this.transform = {}
    this.notes = {}
    this.readonly = false
    this.typed = {}
  }

  override render(): TemplateResult {
    const kind = this.transform.kind
    return html`
      <div class="transform-editor" @focusout=${() => this.requestUpdate()}>
        <div>
          <label
            >Kind
            <select
              name="transform-kind"
              ?disabled=${this.readonly}
              aria-describedby=${this.noteId('transform')}
              @change=${this.onKind}
            >
              ${TRANSFORM_KINDS.map(
                (k) => html`<option value=${k} ?selected=${k === kind}>${KIND_LABELS[k]}</option>`,
              )}
            </select>
          </label>
          ${renderFieldNote(this.noteId('transform'), this.notes.transform)}
        </div>
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
    return this.field(
      key,
      html`<label
        >${label}
        <input
          name=${`transform-${key}`}
          inputmode="decimal"
          autocomplete="off"
          ?disabled=${this.readonly}
          aria-invalid=${invalidIf(this.note(key))}
          aria-describedby=${this.noteId(`transform.${key}`)}
          ${liveValue(numberText(typeof value === 'number' ? value : NaN), key in this.typed)}
          @change=${(e: Event) => this.onNumber(key, e.target as HTMLInputElement)}
      /></label>`,
    )
  }

  private list(key: string, label: string): TemplateResult {
    const value = this.transform[key]
    const text = Array.isArray(value) ? value.join(', ') : ''
    return this.field(
      key,
      html`<label
        >${label}
        <input
          name=${`transform-${key}`}
          inputmode="decimal"
          ?disabled=${this.readonly}
          aria-invalid=${invalidIf(this.note(key))}
          aria-describedby=${this.noteId(`transform.${key}`)}
          ${liveValue(text, key in this.typed)}
          @change=${(e: Event) => this.onList(key, e.target as HTMLInputElement)}
      /></label>`,
    )
  }

  private categoryMap(): TemplateResult {
    const map = this.transform.map
    const text =
      typeof map === 'object' && map !== null
        ? Object.entries(map as Record<string, unknown>)
            .map(([k, v]) => `${k} = ${String(v)}`)
            .join('\n')
        : ''
    return this.field(
      'map',
      html`<label
        >Scores per value (one "value = score" a line; values match exactly)
        <textarea
          name="transform-map"
          rows="4"
          ?disabled=${this.readonly}
          aria-invalid=${invalidIf(this.note('map'))}
          aria-describedby=${this.noteId('transform.map')}
          ${liveValue(text, 'map' in this.typed)}
          @change=${this.onMap}
        ></textarea>
      </label>`,
      'wide',
    )
  }

  private field(key: string, control: TemplateResult, extra = ''): TemplateResult {
    return html`<div class=${`transform-param ${extra}`}>
      ${control} ${renderFieldNote(this.noteId(`transform.${key}`), this.note(key))}
    </div>`
  }

  private note(key: string): FieldNote | undefined {
    const note = this.notes[`transform.${key}`]
    const typed = this.typed[key]
    return typed ? { ...note, error: typed } : note
  }

  private noteId(field: string): string {
    return noteId(this.factorId, field)
  }

  private onKind(event: Event): void {
    const kind = (event.target as HTMLSelectElement).value as TransformKind
    if (kind !== this.transform.kind) {
      this.typed = {}
      requestEdit(this, { type: 'transform-kind', factorId: this.factorId, kind })
    }
  }

  private onNumber(key: string, input: HTMLInputElement): void {
    const value = input.value.trim() === '' ? NaN : Number(input.value)
    if (!Number.isFinite(value)) return this.refuse(key, 'Enter a number.')
    this.write(key, value)
  }

  private onList(key: string, input: HTMLInputElement): void {
    const parts = input.value.split(/[,;\s]+/).filter((p) => p !== '')
    const values = parts.map(Number)
    if (values.some((v) => !Number.isFinite(v))) {
      return this.refuse(key, 'Enter numbers separated by commas.')
    }
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
        return this.refuse('map', `"${line}" is not "value = score".`)
      }
      // Keys match exactly, so only the one space this editor writes before "=" is dropped.
      Object.defineProperty(map, line.slice(0, at).replace(/ $/, ''), {
        value: score,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    this.write('map', map)
  }

  private refuse(key: string, message: string): void {
    this.typed = { ...this.typed, [key]: message }
  }

  private write(key: string, value: unknown): void {
    const { [key]: _gone, ...rest } = this.typed
    this.typed = rest
    requestEdit(this, { type: 'transform-param', factorId: this.factorId, key, value })
  }
}

customElements.define('sp-transform-editor', SpTransformEditor)

declare global {
  interface HTMLElementTagNameMap {
    'sp-transform-editor': SpTransformEditor
  }
}
