import type { Backtest } from '../../shared/backtest-schema.ts'
import { formatTable } from './format-table.ts'

export interface BacktestLabels {
  readonly model: string
  readonly dataset: string
  readonly outcomeField: string
  readonly asOf: number
}

/** A backtest as text: AUC with its interval, then conversion per tier and per decile. */
export function formatBacktest(result: Backtest, labels: BacktestLabels): string {
  const asOf = new Date(labels.asOf).toISOString()
  const [lo, hi] = result.aucInterval
  return [
    `Backtest of ${labels.model} on ${labels.dataset} (outcome '${labels.outcomeField}'), as of ${asOf}\n`,
    `${count(result.leads)} leads with an outcome, ${count(result.positives)} converted (${percent(result.positives / result.leads)})\n`,
    `AUC ${result.auc.toFixed(4)} (95% interval ${lo.toFixed(4)}–${hi.toFixed(4)}, DeLong)\n`,
    '\nConversion by tier\n',
    formatTable([
      ['tier', 'leads', 'converted', 'rate'],
      ...result.tiers.map((t) => [
        t.name ?? '(none)',
        count(t.leads),
        count(t.positives),
        percent(t.rate),
      ]),
    ]),
    '\nConversion by decile of total (1 = highest)\n',
    formatTable([
      ['decile', 'leads', 'converted', 'rate', 'lift'],
      ...result.deciles.map((d) => [
        String(d.decile),
        count(d.leads),
        count(d.positives),
        percent(d.rate),
        d.lift.toFixed(2),
      ]),
    ]),
  ].join('')
}

function count(n: number): string {
  return n.toLocaleString('en-US')
}

function percent(rate: number): string {
  return `${(100 * rate).toFixed(1)}%`
}
