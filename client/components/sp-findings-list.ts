import { html, nothing, type TemplateResult } from 'lit'
import type * as Y from 'yjs'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import { normalizeDocWeights } from '../doc/normalize-doc-weights.ts'
import { LightElement } from './light-element.ts'

/** Fired by "Show" on a finding about a factor: `detail` {index} of the factor in the model. */
export const SHOW_FACTOR_EVENT = 'sp-show-factor'

/** Codes the one-click "normalize weights" fixes. */
const NORMALIZE_FIXES: ReadonlySet<string> = new Set([FINDING_CODES.weightSum])

/**
 * The validation findings of the model being edited, errors first, each with its hint and, where
 * there is one, a way to fix it: "Normalize weights" for the weight sum, "Show" for a factor.
 */
export class SpFindingsList extends LightElement {
  static override properties = {
    doc: { attribute: false },
    findings: { attribute: false },
    readonly: { type: Boolean },
  }

  declare doc: Y.Doc | null
  declare findings: Finding[]
  declare readonly: boolean

  constructor() {
    super()
    this.doc = null
    this.findings = []
    this.readonly = false
  }

  override render(): TemplateResult {
    const errors = this.findings.filter((f) => f.severity === 'error')
    const sorted = [...errors, ...this.findings.filter((f) => f.severity !== 'error')]
    const warnings = sorted.length - errors.length
    return html`
      <section class="findings" aria-labelledby="sp-findings-title">
        <h2 id="sp-findings-title">
          Checks
          <span class="findings-summary" role="status">
            ${
              sorted.length === 0
                ? 'all good: this model can be promoted'
                : `${count(errors.length, 'error')}, ${count(warnings, 'warning')}`
            }
          </span>
        </h2>
        ${
          sorted.length === 0
            ? nothing
            : html`<ul>
                ${sorted.map((finding) => this.renderFinding(finding))}
              </ul>`
        }
      </section>
    `
  }

  private renderFinding(finding: Finding): TemplateResult {
    const factorIndex = finding.path[0] === 'factors' ? finding.path[1] : undefined
    return html`<li
      class=${`finding ${finding.severity}`}
      data-finding-code=${finding.code}
      data-severity=${finding.severity}
    >
      <span class="severity">${finding.severity === 'error' ? 'Error' : 'Warning'}</span>
      <span class="message">${finding.message}</span>
      <span class="hint">${finding.hint}</span>
      <span class="finding-actions">
        ${
          NORMALIZE_FIXES.has(finding.code) && !this.readonly
            ? html`<button
                type="button"
                class="primary"
                data-fix="normalize-weights"
                @click=${this.onNormalize}
              >
                Normalize weights
              </button>`
            : nothing
        }
        ${
          typeof factorIndex === 'number'
            ? html`<button type="button" @click=${() => this.showFactor(factorIndex)}>Show</button>`
            : nothing
        }
      </span>
    </li>`
  }

  private onNormalize(): void {
    if (this.doc) normalizeDocWeights(this.doc)
  }

  private showFactor(index: number): void {
    this.dispatchEvent(new CustomEvent(SHOW_FACTOR_EVENT, { detail: { index }, bubbles: true }))
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

customElements.define('sp-findings-list', SpFindingsList)

declare global {
  interface HTMLElementTagNameMap {
    'sp-findings-list': SpFindingsList
  }
}
