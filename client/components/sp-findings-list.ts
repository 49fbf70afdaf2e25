import { html, nothing, type TemplateResult } from 'lit'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding, FindingPath } from '../../shared/finding-schema.ts'
import { requestEdit } from '../doc/model-edit.ts'
import { LightElement } from './light-element.ts'

/** Fired by "Show" on a finding: `detail` {path} of the field it is about. */
export const SHOW_FIELD_EVENT = 'sp-show-field'

/** Codes the one-click "normalize weights" fixes. */
const NORMALIZE_FIXES: ReadonlySet<string> = new Set([FINDING_CODES.weightSum])

/**
 * The validation findings of the model being edited, errors first, each with its hint, the
 * factor it is about (by label) and, where there is one, a way to fix it: "Normalize weights" for
 * the weight sum, "Show" to jump to the field.
 */
export class SpFindingsList extends LightElement {
  static override properties = {
    findings: { attribute: false },
    labels: { attribute: false },
    readonly: { type: Boolean },
  }

  declare findings: Finding[]
  /** The factors' labels by index (their id when unlabelled). */
  declare labels: readonly string[]
  declare readonly: boolean

  constructor() {
    super()
    this.findings = []
    this.labels = []
    this.readonly = false
  }

  override render(): TemplateResult {
    const errors = this.findings.filter((f) => f.severity === 'error')
    const sorted = [...errors, ...this.findings.filter((f) => f.severity !== 'error')]
    const warnings = sorted.length - errors.length
    return html`
      <section class="findings" aria-labelledby="sp-findings-title">
        <h2 id="sp-findings-title" tabindex="-1">
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
    const where =
      typeof factorIndex === 'number'
        ? (this.labels[factorIndex] ?? `factor ${factorIndex + 1}`)
        : finding.path[0] === 'tiers'
          ? 'Tiers'
          : null
    return html`<li
      class=${`finding ${finding.severity}`}
      data-finding-code=${finding.code}
      data-severity=${finding.severity}
    >
      <span class="severity">${finding.severity === 'error' ? 'Error' : 'Warning'}</span>
      <span class="message"
        >${where === null ? nothing : html`<strong class="finding-where">${where}:</strong> `}${
          finding.message
        }</span
      >
      <span class="hint">${finding.hint}</span>
      <span class="finding-actions">
        ${
          NORMALIZE_FIXES.has(finding.code) && !this.readonly
            ? html`<button
                type="button"
                class="primary"
                data-fix="normalize-weights"
                @click=${() => requestEdit(this, { type: 'normalize-weights' })}
              >
                Normalize weights
              </button>`
            : nothing
        }
        ${
          where !== null
            ? html`<button
                type="button"
                aria-label=${`Show ${where}`}
                @click=${() => this.showField(finding.path)}
              >
                Show
              </button>`
            : nothing
        }
      </span>
    </li>`
  }

  private showField(path: FindingPath): void {
    this.dispatchEvent(new CustomEvent(SHOW_FIELD_EVENT, { detail: { path }, bubbles: true }))
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
  interface HTMLElementEventMap {
    'sp-show-field': CustomEvent<{ path: FindingPath }>
  }
}
