import { html, type TemplateResult } from 'lit'
import type { CompareOption, CompareRole } from '../controllers/compare-controller.ts'
import { LightElement } from './light-element.ts'

/** Fired when a side is picked: `detail` {role, value}. */
export const CHOOSE_COMPARED_EVENT = 'sp-choose-compared'

let pickers = 0

/** Two labelled selects: the baseline and the candidate, each any of `options`. */
export class SpComparePicker extends LightElement {
  static override properties = {
    options: { attribute: false },
    baseline: { attribute: false },
    candidate: { attribute: false },
    prefix: { attribute: false },
  }

  declare options: readonly CompareOption[]
  declare baseline: string
  declare candidate: string
  /** Put before the labels ("Backtest baseline") where two pickers share a page. */
  declare prefix: string

  private readonly idBase = `sp-compare-${++pickers}`

  constructor() {
    super()
    this.options = []
    this.baseline = ''
    this.candidate = ''
    this.prefix = ''
  }

  override render(): TemplateResult {
    return html`<div class="compare-picker">
      ${this.renderSelect('baseline', this.baseline)}
      ${this.renderSelect('candidate', this.candidate)}
    </div>`
  }

  private renderSelect(role: CompareRole, value: string): TemplateResult {
    const text = role === 'baseline' ? 'Baseline' : 'Candidate'
    const label = this.prefix ? `${this.prefix} ${text.toLowerCase()}` : text
    // A label beside the select, not around it: its name is then the label alone, not the option.
    const id = `${this.idBase}-${role}`
    return html`<span class="compare-side"
      ><label for=${id}>${label}</label>
      <select
        id=${id}
        name=${`compare-${role}`}
        data-compare-role=${role}
        @change=${(e: Event) => this.onChange(role, (e.target as HTMLSelectElement).value)}
      >
        ${this.options.map(
          (o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`,
        )}
      </select></span
    >`
  }

  private onChange(role: CompareRole, value: string): void {
    this.dispatchEvent(
      new CustomEvent(CHOOSE_COMPARED_EVENT, { detail: { role, value }, bubbles: true }),
    )
  }
}

customElements.define('sp-compare-picker', SpComparePicker)

declare global {
  interface HTMLElementTagNameMap {
    'sp-compare-picker': SpComparePicker
  }
}
