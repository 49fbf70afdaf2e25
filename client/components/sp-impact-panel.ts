import { html, nothing, type TemplateResult } from 'lit'
import type { ImpactReport, ScoreSummary } from '../../shared/impact-schema.ts'
import type { DatasetInfo } from '../workers/impact-messages.ts'
import { formatNumber } from './describe-transform.ts'
import type { CompareOption } from '../controllers/compare-controller.ts'
import { LightElement } from './light-element.ts'
import './sp-compare-picker.ts'
import './sp-histogram.ts'

/** Fired when the analyst opens a CSV to score instead: `detail` {file}. */
export const OPEN_DATASET_EVENT = 'sp-open-dataset'
/** Fired by "compare with this draft": the current draft becomes the baseline. */
export const RESET_BASELINE_EVENT = 'sp-reset-baseline'
/** Fired to score the demo leads again instead of an opened file. */
export const USE_DEMO_LEADS_EVENT = 'sp-use-demo-leads'
/** Fired by a mover's "Add as test": `detail` {row, tier, name}, `tier` the draft's for that lead. */
export const ADD_MOVER_TEST_EVENT = 'sp-add-mover-test'

/**
 * How the draft would move the leads compared with the baseline: overlaid histograms, tier counts,
 * the migration matrix, leads changing tier, rank correlation and the top movers with the factor
 * that moved each one.
 */
export class SpImpactPanel extends LightElement {
  static override properties = {
    report: { attribute: false },
    datasetInfo: { attribute: false },
    millis: { attribute: false },
    rescoreMillis: { attribute: false },
    problem: { attribute: false },
    baselineLabel: { attribute: false },
    candidateLabel: { attribute: false },
    compareOptions: { attribute: false },
    baselineChoice: { attribute: false },
    candidateChoice: { attribute: false },
    factorLabels: { attribute: false },
    factorFields: { attribute: false },
    canAddTests: { type: Boolean },
  }

  declare report: ImpactReport | null
  declare datasetInfo: DatasetInfo | null
  declare millis: number | null
  declare rescoreMillis: number | null
  declare problem: string | null
  declare baselineLabel: string
  /** Says in words what is compared with the baseline (the draft being edited by default). */
  declare candidateLabel: string
  /** What baseline and candidate can each be; no picker without any. */
  declare compareOptions: readonly CompareOption[]
  declare baselineChoice: string
  declare candidateChoice: string
  declare factorLabels: Record<string, string>
  /** The field each factor of the draft reads, by factor id. */
  declare factorFields: Record<string, string>
  /** Analysts may pin a mover as a model test. */
  declare canAddTests: boolean

  constructor() {
    super()
    this.report = null
    this.datasetInfo = null
    this.millis = null
    this.rescoreMillis = null
    this.problem = null
    this.candidateLabel = 'the draft'
    this.compareOptions = []
    this.baselineChoice = ''
    this.candidateChoice = ''
    this.baselineLabel = 'the model as opened'
    this.factorLabels = {}
    this.factorFields = {}
    this.canAddTests = false
  }

  override render(): TemplateResult {
    const r = this.report
    return html`
      <section class="impact" aria-labelledby="sp-impact-title">
        <h2 id="sp-impact-title">Impact preview</h2>
        <p class="impact-source">
          ${this.renderSource()}
          <label class="file-button"
            >Open a CSV…
            <input
              type="file"
              accept=".csv,text/csv"
              @change=${this.onFile}
              class="visually-hidden"
          /></label>
          ${
            this.datasetInfo?.demo === false
              ? html`<button type="button" @click=${this.onUseDemo}>Use the demo leads</button>`
              : nothing
          }
          <button type="button" @click=${this.onResetBaseline}>Compare with this draft</button>
        </p>
        ${this.renderPicker('')} ${this.renderCoverage()}
        ${this.problem ? html`<p class="notice warning" role="alert">${this.problem}</p>` : nothing}
        ${
          this.datasetInfo?.leads === 0
            ? nothing
            : r
              ? this.renderReport(r)
              : html`<p class="empty">Scoring…</p>`
        }
      </section>
    `
  }

  private renderSource(): TemplateResult | string {
    const info = this.datasetInfo
    if (info === null) return 'Loading the dataset…'
    if (info.leads === 0) {
      return html`<strong data-dataset-empty>${info.name} has no leads</strong> (only a header row):
        nothing to score.`
    }
    return html`${formatNumber(info.leads)} leads from
    ${info.name}${info.delimiter === null ? '' : ` (${DELIMITER_NAMES[info.delimiter]}-separated)`}:
    ${this.candidateLabel} compared with ${this.baselineLabel}.`
  }

  /**
   * Next to the file name: the model's fields the file lacks or no lead carries, since those
   * factors then score their `missing` value for every lead; with how many leads carry each field.
   */
  private renderCoverage(): TemplateResult | typeof nothing {
    const info = this.datasetInfo
    if (info === null || info.leads === 0) return nothing
    const fields = [...new Set(Object.values(this.factorFields))]
    const present = (f: string) => (info.fields.includes(f) ? (info.present[f] ?? 0) : 0)
    const absent = fields.filter((f) => !info.fields.includes(f))
    const empty = fields.filter((f) => info.fields.includes(f) && present(f) === 0)
    if (absent.length === 0 && empty.length === 0) return nothing
    return html`<div class="notice warning" role="alert" data-dataset-coverage>
      <p>
        ${
          absent.length === 0
            ? nothing
            : html`${info.name} has no column for ${absent.length} of the model's ${fields.length}
              fields (<strong>${absent.join(', ')}</strong>). `
        }
        ${
          empty.length === 0
            ? nothing
            : html`No lead carries <strong>${empty.join(', ')}</strong>. `
        }
        Every lead scores those factors' missing value, so they cannot tell leads apart.
      </p>
      <ul class="field-coverage">
        ${fields.map(
          (f) =>
            html`<li data-field=${f} data-present=${present(f)}>
              ${f}: ${formatNumber(present(f))} of ${formatNumber(info.leads)} leads
            </li>`,
        )}
      </ul>
    </div>`
  }

  private renderReport(r: ImpactReport): TemplateResult {
    return html`
      <dl class="impact-figures">
        <div>
          <dt>Leads changing tier</dt>
          <dd data-impact="changed-tier">
            ${formatNumber(r.changedTier)}
            <small>(${percent(r.changedTier, r.leads)})</small>
          </dd>
        </div>
        <div>
          <dt>Rank correlation</dt>
          <dd data-impact="spearman">${r.spearman.toFixed(3)}</dd>
        </div>
        <div>
          <dt>Mean score</dt>
          <dd>${r.from.mean.toFixed(3)} → ${r.to.mean.toFixed(3)}</dd>
        </div>
        ${
          this.millis === null
            ? nothing
            : html`<div>
                <dt>Updated in</dt>
                <dd>
                  ${this.millis.toFixed(1)} ms
                  ${
                    this.rescoreMillis === null
                      ? nothing
                      : html`<small>(re-score ${this.rescoreMillis.toFixed(1)} ms)</small>`
                  }
                </dd>
              </div>`
        }
      </dl>
      <sp-histogram
        .edges=${r.histogramEdges}
        .baseline=${r.from.histogram}
        .draft=${r.to.histogram}
      ></sp-histogram>
      <div class="impact-tables">
        <div class="table-scroll">${this.renderTierCounts(r.from, r.to)}</div>
        <div class="table-scroll">${this.renderMigration(r)}</div>
      </div>
      <div class="table-scroll">${this.renderMovers(r)}</div>
    `
  }

  private renderTierCounts(from: ScoreSummary, to: ScoreSummary): TemplateResult {
    const names = [...new Set([...from.tierCounts, ...to.tierCounts].map((t) => t.tier))]
    const countOf = (s: ScoreSummary, tier: string | null) =>
      s.tierCounts.find((t) => t.tier === tier)?.count ?? 0
    return html`<table class="tier-counts">
      <caption>
        Leads per tier
      </caption>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col">Baseline</th>
          <th scope="col">Draft</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        ${names.map((tier) => {
          const a = countOf(from, tier)
          const b = countOf(to, tier)
          return html`<tr data-tier=${tier ?? ''}>
            <th scope="row">${tier ?? 'no tier'}</th>
            <td>${formatNumber(a)}</td>
            <td>${formatNumber(b)}</td>
            <td class=${b > a ? 'up' : b < a ? 'down' : ''}>${signed(b - a)}</td>
          </tr>`
        })}
      </tbody>
    </table>`
  }

  private renderMigration(r: ImpactReport): TemplateResult {
    const { fromTiers, toTiers, counts } = r.migration
    const rows = fromTiers.map((t, i) => ({ t, i })).filter(({ i }) => sum(counts[i] ?? []) > 0)
    const cols = toTiers
      .map((t, j) => ({ t, j }))
      .filter(({ j }) => counts.some((row) => (row[j] ?? 0) > 0))
    return html`<table class="migration">
      <caption>
        Migration: baseline tier (rows) to draft tier (columns)
      </caption>
      <thead>
        <tr>
          <td></td>
          ${cols.map(({ t }) => html`<th scope="col">${t ?? 'none'}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ({ t, i }) =>
            html`<tr>
              <th scope="row">${t ?? 'none'}</th>
              ${cols.map(({ t: to, j }) => {
                const n = counts[i]?.[j] ?? 0
                return html`<td class=${to === t ? 'same' : n > 0 ? 'moved' : ''}>
                  ${formatNumber(n)}
                </td>`
              })}
            </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderMovers(r: ImpactReport): TemplateResult {
    if (r.topMovers.length === 0) {
      return html`<p class="empty">No lead's score changes.</p>`
    }
    return html`<table class="movers">
      <caption>
        Top movers
      </caption>
      <thead>
        <tr>
          <th scope="col">Lead (${this.datasetInfo?.labels?.field ?? 'row'})</th>
          <th scope="col">Score</th>
          <th scope="col">Tier</th>
          <th scope="col">Moved most by</th>
          ${this.canAddTests ? html`<th scope="col"><span class="visually-hidden">Test</span></th>` : nothing}
        </tr>
      </thead>
      <tbody>
        ${r.topMovers.map(
          (m) =>
            html`<tr>
              <td>${this.datasetInfo?.labels?.values[m.row] || m.row + 1}</td>
              <td>
                ${m.from.toFixed(3)} → ${m.to.toFixed(3)}
                <span class=${m.delta > 0 ? 'up' : 'down'}>(${signed(m.delta, 3)})</span>
              </td>
              <td>${m.fromTier ?? 'none'} → ${m.toTier ?? 'none'}</td>
              <td>${this.factorLabels[m.factorId] ?? m.factorId} (${signed(m.factorDelta, 3)})</td>
              ${
                this.canAddTests && m.toTier !== null
                  ? html`<td>
                      <button
                        type="button"
                        data-add-test-row=${m.row}
                        aria-label=${`Add ${this.moverName(m.row)} as a test expecting tier ${m.toTier}`}
                        @click=${() => this.onAddTest(m.row, m.toTier as string)}
                      >
                        Add as test
                      </button>
                    </td>`
                  : this.canAddTests
                    ? html`<td></td>`
                    : nothing
              }
            </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderPicker(prefix: string): TemplateResult | typeof nothing {
    if (this.compareOptions.length === 0) return nothing
    return html`<sp-compare-picker
      .options=${this.compareOptions}
      .baseline=${this.baselineChoice}
      .candidate=${this.candidateChoice}
      .prefix=${prefix}
    ></sp-compare-picker>`
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement
    const file = input.files?.[0]
    if (file)
      this.dispatchEvent(new CustomEvent(OPEN_DATASET_EVENT, { detail: { file }, bubbles: true }))
    input.value = ''
  }

  private onUseDemo(): void {
    this.dispatchEvent(new CustomEvent(USE_DEMO_LEADS_EVENT, { bubbles: true }))
  }

  /** A mover as people know it: its email, name or id column when the file has one. */
  private moverName(row: number): string {
    return this.datasetInfo?.labels?.values[row] || `lead ${row + 1}`
  }

  private onAddTest(row: number, tier: string): void {
    const detail = { row, tier, name: this.moverName(row) }
    this.dispatchEvent(new CustomEvent(ADD_MOVER_TEST_EVENT, { detail, bubbles: true }))
  }

  private onResetBaseline(): void {
    this.dispatchEvent(new CustomEvent(RESET_BASELINE_EVENT, { bubbles: true }))
  }
}

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`
}

function signed(n: number, digits = 0): string {
  const text = digits === 0 ? formatNumber(Math.abs(n)) : Math.abs(n).toFixed(digits)
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : '0'
}

customElements.define('sp-impact-panel', SpImpactPanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-impact-panel': SpImpactPanel
  }
}
