import type { Backtest, BacktestDecile, OutcomeProblem } from '../shared/backtest-schema.ts'
import type { ColumnScores } from './score-columns.ts'
import { measureAuc } from './measure-auc.ts'
import type { Outcomes } from './read-outcomes.ts'
import { rankOutcomes, type RankBuffers } from './rank-outcomes.ts'
import { checkOutcomeCounts } from './check-outcome-counts.ts'

/** A scored dataset as a backtest reads it: a ColumnScorer fits. */
export interface ScoredLeads extends ColumnScores {
  readonly compiled: { readonly tierNames: readonly string[] }
}

export type BacktestResult = { ok: true; backtest: Backtest } | OutcomeProblem

const DECILES = 10

/**
 * Backtests scored leads against their outcomes (DESIGN.md, Outcomes): AUC with DeLong's 95% interval,
 * conversion per tier and per decile of total. Leads with an unknown outcome are left out. One stable
 * sort of the kept totals (rankOutcomes: O(n) expected, O(n log n) at worst), then linear walks.
 * `buffers` (createRankBuffers) lets repeated backtests reuse their memory.
 */
export function backtest(
  scored: ScoredLeads,
  outcomes: Outcomes,
  buffers?: RankBuffers,
): BacktestResult {
  const { totals, tierIndex } = scored
  const tierNames = scored.compiled.tierNames
  let kept = 0
  let positives = 0
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i] as number
    if (o >= 0) {
      kept++
      positives += o
    }
  }
  const problem = checkOutcomeCounts(kept, positives)
  if (problem) return problem

  const tierLeads = new Float64Array(tierNames.length + 1)
  const tierPositives = new Float64Array(tierNames.length + 1)
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i] as number
    if (o < 0) continue
    const t = tierIndex[i] as number
    const slot = t < 0 ? tierNames.length : t
    tierLeads[slot] = (tierLeads[slot] as number) + 1
    tierPositives[slot] = (tierPositives[slot] as number) + o
  }
  const ranked = rankOutcomes(totals, outcomes, kept, buffers)
  const { auc, interval } = measureAuc(ranked.totals, ranked.positive)
  const overall = positives / kept

  const tiers = [...tierNames, null]
    .map((name, t) => ({
      name,
      leads: tierLeads[t] as number,
      positives: tierPositives[t] as number,
      rate: rateOf(tierPositives[t] as number, tierLeads[t] as number),
    }))
    // "No tier" is listed only when some lead has none, which a valid model never allows.
    .filter((tier) => tier.name !== null || tier.leads > 0)
  return {
    ok: true,
    backtest: {
      leads: kept,
      positives,
      auc,
      aucInterval: interval,
      tiers,
      deciles: decilesOf(ranked.positive, overall),
    },
  }
}

/** Decile d (1..10) holds positions floor((d−1)·n/10) to floor(d·n/10) − 1 of the ranked leads. */
function decilesOf(ranked: Uint8Array, overall: number): BacktestDecile[] {
  const n = ranked.length
  const deciles: BacktestDecile[] = []
  for (let d = 1; d <= DECILES; d++) {
    const start = Math.floor(((d - 1) * n) / DECILES)
    const end = Math.floor((d * n) / DECILES)
    let positives = 0
    for (let k = start; k < end; k++) positives += ranked[k] as number
    const rate = rateOf(positives, end - start)
    deciles.push({ decile: d, leads: end - start, positives, rate, lift: rate / overall })
  }
  return deciles
}

function rateOf(positives: number, leads: number): number {
  return leads === 0 ? 0 : positives / leads
}
