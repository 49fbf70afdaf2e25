import { html, nothing, type TemplateResult } from 'lit'
import type { ModelTestResult } from '../../engine/run-model-tests.ts'
import type { TestExpectation } from '../../shared/model-schema.ts'
import { LightElement } from './light-element.ts'

/** Fired by a test's "Remove": `detail` {testId}. */
export const REMOVE_TEST_EVENT = 'sp-remove-test'
/** Fired when the analyst picks a CSV of tests to import: `detail` {file}. */
export const IMPORT_TESTS_EVENT = 'sp-import-tests'

/**
 * The model's tests (golden leads), each with what its lead scores in the draft right now and
 * whether that meets the expectation; re-rendered on every draft change, so results follow the
 * weights live. `results` is null while the draft does not parse as a model.
 */
export class SpTestsPanel extends LightElement {
  static override properties = {
    results: { attribute: false },
    readonly: { type: Boolean },
    problem: { attribute: false },
  }

  declare results: readonly ModelTestResult[] | null
  declare readonly: boolean
  /** Why the last import was refused (every bad row), or null. */
  declare problem: string | null

  constructor() {
    super()
    this.results = []
    this.readonly = false
    this.problem = null
  }

  override render(): TemplateResult {
    const results = this.results
    const failed = results?.filter((r) => !r.pass).length ?? 0
    return html`<section class="tests" aria-labelledby="sp-tests-title">
      <h2 id="sp-tests-title">
        Tests
        <span class="tests-summary" role="status" data-tests-failed=${failed}>
          ${
            results === null
              ? 'run once the model is valid'
              : results.length === 0
                ? 'none yet'
                : failed === 0
                  ? `all ${results.length} pass`
                  : `${failed} of ${results.length} failing: this model cannot be promoted`
          }
        </span>
      </h2>
      ${
        this.readonly
          ? nothing
          : html`<p class="tests-actions">
              <label class="file-button"
                >Import tests from CSV…
                <input
                  type="file"
                  accept=".csv,text/csv"
                  class="visually-hidden"
                  @change=${this.onFile}
              /></label>
              <span class="meta"
                >Columns: expect_tier, expect_min_total, expect_max_total, test_label, test_as_of;
                the others are the lead's fields. Or add a lead from the impact preview's
                movers.</span
              >
            </p>`
      }
      ${this.problem ? html`<p class="notice error" role="alert">${this.problem}</p>` : nothing}
      ${results && results.length > 0 ? this.renderTable(results) : nothing}
    </section>`
  }

  private renderTable(results: readonly ModelTestResult[]): TemplateResult {
    return html`<div class="table-scroll">
      <table class="tests-table">
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Expects</th>
            <th scope="col">Scores now</th>
            <th scope="col">Result</th>
            ${this.readonly ? nothing : html`<th scope="col"><span class="visually-hidden">Actions</span></th>`}
          </tr>
        </thead>
        <tbody>
          ${results.map(
            ({ test, pass, total, tier, failures }) =>
              html`<tr data-test-id=${test.id} data-test-result=${pass ? 'pass' : 'fail'}>
                <td>${test.label ?? test.id}<span class="meta">as of ${test.asOf}</span></td>
                <td>${describeExpectation(test.expect)}</td>
                <td>${total.toFixed(3)} (${tier ?? 'no tier'})</td>
                <td class=${pass ? 'test-pass' : 'test-fail'}>
                  ${pass ? 'Pass' : html`Fail: ${failures.join('; ')}`}
                </td>
                ${
                  this.readonly
                    ? nothing
                    : html`<td>
                        <button
                          type="button"
                          aria-label=${`Remove test ${test.label ?? test.id}`}
                          @click=${() => this.onRemove(test.id)}
                        >
                          Remove
                        </button>
                      </td>`
                }
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement
    const file = input.files?.[0]
    if (file)
      this.dispatchEvent(new CustomEvent(IMPORT_TESTS_EVENT, { detail: { file }, bubbles: true }))
    input.value = ''
  }

  private onRemove(testId: string): void {
    this.dispatchEvent(new CustomEvent(REMOVE_TEST_EVENT, { detail: { testId }, bubbles: true }))
  }
}

/** "tier A, total ≥ 0.7" */
function describeExpectation({ tier, minTotal, maxTotal }: TestExpectation): string {
  const parts: string[] = []
  if (tier !== undefined) parts.push(`tier ${tier}`)
  if (minTotal !== undefined) parts.push(`total ≥ ${minTotal}`)
  if (maxTotal !== undefined) parts.push(`total ≤ ${maxTotal}`)
  return parts.join(', ')
}

customElements.define('sp-tests-panel', SpTestsPanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-tests-panel': SpTestsPanel
  }
}
