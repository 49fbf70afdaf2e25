import { html, nothing, svg, type TemplateResult } from 'lit'
import type { Backtest, BacktestDecile } from '../../shared/backtest-schema.ts'
import type { FitState } from '../controllers/impact-controller.ts'
import type { BacktestComparison } from '../workers/impact-messages.ts'
import { formatNumber } from './describe-transform.ts'
import type { CompareOption } from '../controllers/compare-controller.ts'
import { LightElement } from './light-element.ts'
import './sp-compare-picker.ts'

/** Fired by "Suggest weights": fit the draft's weights to the outcomes and apply them. */
export const SUGGEST_WEIGHTS_EVENT = 'sp-suggest-weights'

const CHART = { width: 400, height: 140, top: 10, bottom: 22, left: 26, right: 6 }

/**
 * How well the draft and the baseline separate converters from the rest on the dataset's outcome:
 * AUC with its 95% interval, a lift chart by decile and conversion per tier; and Suggest weights,
 * which fits the draft's weights in the worker and shows their AUC against the start's.
 */
export class SpBacktestPanel extends LightElement {
  static override properties = {
    comparison: { attribute: false },
    fit: { attribute: false },
    readonly: { type: Boolean },
    baselineLabel: { attribute: false },
    candidateLabel: { attribute: false },
    compareOptions: { attribute: false },
    baselineChoice: { attribute: false },
    candidateChoice: { attribute: false },
  }

  declare comparison: BacktestComparison | null
  declare fit: FitState
  declare readonly: boolean
  declare baselineLabel: string
  /** Says in words what is compared with the baseline (the draft being edited by default). */
  declare candidateLabel: string
  /** What baseline and candidate can each be; no picker without any. */
  declare compareOptions: readonly CompareOption[]
  declare baselineChoice: string
  declare candidateChoice: string

  constructor() {
    super()
    this.comparison = null
    this.fit = { state: 'idle' }
    this.readonly = false
    this.candidateLabel = 'the draft'
    this.compareOptions = []
    this.baselineChoice = ''
    this.candidateChoice = ''
    this.baselineLabel = 'the baseline'
  }

  override render(): TemplateResult {
    const c = this.comparison
    return html`
      <section class="backtest" aria-labelledby="sp-backtest-title">
        <h2 id="sp-backtest-title">Backtest</h2>
        ${
          c === null
            ? html`<p class="empty">
                This dataset has no outcome column: open a CSV with one (such as
                <code>converted</code>) or name it as the model's outcome field.
              </p>`
            : c.ok
              ? this.renderComparison(c.outcomeField, c.baseline, c.draft)
              : html`<p class="notice warning" role="status" data-backtest-problem=${c.code}>
                  ${c.message}
                </p>`
        }
        ${this.renderSuggest(c !== null && c.ok)}
      </section>
    `
  }

  private renderComparison(field: string, baseline: Backtest, draft: Backtest): TemplateResult {
    return html`
      ${this.renderPicker()}
      <p class="backtest-source">
        ${formatNumber(draft.leads)} leads with an outcome in <code>${field}</code>,
        ${formatNumber(draft.positives)} converted; ${this.candidateLabel} against
        ${this.baselineLabel}.
      </p>
      <dl class="impact-figures">
        <div>
          <dt>AUC, baseline</dt>
          <dd data-backtest="auc-baseline">${aucText(baseline)}</dd>
        </div>
        <div>
          <dt>AUC, draft</dt>
          <dd data-backtest="auc-draft">
            ${aucText(draft)}
            <span class=${draft.auc > baseline.auc ? 'up' : draft.auc < baseline.auc ? 'down' : ''}
              >(${signed(draft.auc - baseline.auc)})</span
            >
          </dd>
        </div>
      </dl>
      ${this.renderLiftChart(baseline.deciles, draft.deciles)}
      <div class="table-scroll">${this.renderTiers(baseline, draft)}</div>
    `
  }

  /** Lift per decile (1 = the top tenth by total), baseline outlined beside the draft filled. */
  private renderLiftChart(baseline: BacktestDecile[], draft: BacktestDecile[]): TemplateResult {
    const { width, height, top, bottom, left, right } = CHART
    const most = Math.max(1, ...baseline.map((d) => d.lift), ...draft.map((d) => d.lift))
    const slot = (width - left - right) / 10
    const y = (lift: number): number => top + (1 - lift / most) * (height - top - bottom)
    const bar = (d: BacktestDecile, offset: number, cls: string) =>
      svg`<rect class=${cls} x=${left + (d.decile - 1) * slot + offset} y=${y(d.lift)}
        width=${slot * 0.4} height=${Math.max(0, height - bottom - y(d.lift))}></rect>`
    const label = draft.map((d) => `decile ${d.decile}: lift ${d.lift.toFixed(2)}`).join(', ')
    return html`<figure class="lift-chart">
      <svg
        viewBox="0 0 ${width} ${height}"
        role="img"
        aria-label=${`Lift by decile, draft: ${label}`}
      >
        <line class="axis-line" x1=${left} x2=${width - right} y1=${y(1)} y2=${y(1)}></line>
        <text class="axis" x="0" y=${y(1) + 3}>1×</text>
        ${baseline.map((d) => bar(d, slot * 0.1, 'baseline'))}
        ${draft.map((d) => bar(d, slot * 0.5, 'draft'))}
        ${draft.map(
          (d) =>
            svg`<text class="axis" x=${left + (d.decile - 0.5) * slot} y=${height - 6}
              text-anchor="middle">${d.decile}</text>`,
        )}
      </svg>
      <figcaption>
        Lift by decile of score (1 = top tenth): <span class="swatch baseline"></span>baseline
        <span class="swatch draft"></span>draft
      </figcaption>
    </figure>`
  }

  private renderTiers(baseline: Backtest, draft: Backtest): TemplateResult {
    const names = [...new Set([...baseline.tiers, ...draft.tiers].map((t) => t.name))]
    const cell = (b: Backtest, name: string | null) => {
      const tier = b.tiers.find((t) => t.name === name)
      return tier
        ? html`${percent(tier.rate)} <small>of ${formatNumber(tier.leads)}</small>`
        : html`—`
    }
    return html`<table class="backtest-tiers">
      <caption>
        Conversion per tier
      </caption>
      <thead>
        <tr>
          <th scope="col">Tier</th>
          <th scope="col">Baseline</th>
          <th scope="col">Draft</th>
        </tr>
      </thead>
      <tbody>
        ${names.map(
          (name) =>
            html`<tr data-tier=${name ?? ''}>
              <th scope="row">${name ?? 'no tier'}</th>
              <td>${cell(baseline, name)}</td>
              <td>${cell(draft, name)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`
  }

  private renderSuggest(canFit: boolean): TemplateResult {
    const fit = this.fit
    return html`
      <div class="suggest-weights">
        <button
          type="button"
          ?disabled=${this.readonly || !canFit || fit.state === 'fitting'}
          @click=${this.onSuggest}
        >
          Suggest weights
        </button>
        ${
          fit.state === 'fitting'
            ? html`<progress max="1" value=${fit.fraction} aria-label="Fitting weights"></progress>`
            : nothing
        }
        ${
          fit.state === 'failed'
            ? html`<p class="notice warning" role="alert">${fit.message}</p>`
            : nothing
        }
        ${fit.state === 'done' ? this.renderFit(fit) : nothing}
      </div>
    `
  }

  private renderFit(fit: Extract<FitState, { state: 'done' }>): TemplateResult {
    const { train, holdout } = fit
    return html`
      <p role="status" data-fit-status=${fit.applied ? 'applied' : 'stale'}>
        ${
          fit.applied
            ? 'Suggested weights applied to the draft (Undo takes them back).'
            : 'The draft changed while fitting; the weights were not applied. Suggest again.'
        }
      </p>
      <table class="fit-report">
        <caption>
          AUC of the weights before and after the fit
        </caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Leads</th>
            <th scope="col">Start</th>
            <th scope="col">Fitted</th>
          </tr>
        </thead>
        <tbody>
          ${(
            [
              ['train', train],
              ['holdout', holdout],
            ] as const
          ).map(
            ([name, part]) =>
              html`<tr data-fit-part=${name}>
                <th scope="row">${name}</th>
                <td>${formatNumber(part.leads)}</td>
                <td>${part.startAuc.toFixed(3)}</td>
                <td>${part.fittedAuc.toFixed(3)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    `
  }

  /** The backtest compares what the impact preview compares; picked here too when it shows. */
  private renderPicker(): TemplateResult | typeof nothing {
    if (this.compareOptions.length === 0) return nothing
    return html`<sp-compare-picker
      .options=${this.compareOptions}
      .baseline=${this.baselineChoice}
      .candidate=${this.candidateChoice}
      .prefix=${'Backtest'}
    ></sp-compare-picker>`
  }

  private onSuggest(): void {
    this.dispatchEvent(new CustomEvent(SUGGEST_WEIGHTS_EVENT, { bubbles: true }))
  }
}

function aucText(b: Backtest): TemplateResult {
  const [lo, hi] = b.aucInterval
  return html`${b.auc.toFixed(3)} <small>(${lo.toFixed(3)}–${hi.toFixed(3)})</small>`
}

function percent(rate: number): string {
  return `${(100 * rate).toFixed(1)}%`
}

function signed(n: number): string {
  const text = Math.abs(n).toFixed(3)
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : '±0'
}

customElements.define('sp-backtest-panel', SpBacktestPanel)

declare global {
  interface HTMLElementTagNameMap {
    'sp-backtest-panel': SpBacktestPanel
  }
}
