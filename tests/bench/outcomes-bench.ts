/**
 * The outcomes section: backtesting (AUC + tiers + deciles) 1,000,000 leads against a full score of the
 * same leads, the impact worker's live update after one weight change on 100k leads (its session code,
 * run here), and a weight fit on 100k leads × 20 factors.
 */
import { createImpactSession } from '../../client/workers/impact-session.ts'
import { backtest } from '../../engine/backtest.ts'
import { compileModel } from '../../engine/compile-model.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, DEMO_OUTCOME_FIELD, generateDemoColumns } from '../../engine/demo-leads.ts'
import { fitWeights } from '../../engine/fit-weights.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import { createRankBuffers } from '../../engine/rank-outcomes.ts'
import { readOutcomes } from '../../engine/read-outcomes.ts'
import { scoreColumns } from '../../engine/score-columns.ts'
import type { Model } from '../../shared/model-schema.ts'
import { buildBenchModel, withWeightMoved } from './bench-model.ts'
import {
  against,
  measureTogether,
  row,
  withGoal,
  type BenchRow,
  type BenchSection,
} from './bench-timing.ts'

const LEADS = 1_000_000
const LIVE_LEADS = 100_000
const SEED = 20_250_602
const options = { asOf: DEMO_AS_OF }

export async function runBench(): Promise<BenchSection> {
  const data = generateDemoColumns(LEADS, SEED)
  const model = buildBenchModel(data)
  const backtestRows = fullBacktestRows(data, model)
  const head = generateDemoColumns(LIVE_LEADS, SEED)
  const live = liveRows(head, model)
  const fit = fitRows(head, model)
  return {
    rows: [...backtestRows.rows, ...live, ...fit.rows],
    figures: {
      leads: LEADS,
      factors: model.factors.length,
      seed: SEED,
      auc: backtestRows.auc,
      fit: fit.figures,
    },
  }
}

function outcomesOf(data: LeadColumns): Int8Array {
  return readOutcomes(data.columns[DEMO_OUTCOME_FIELD] as Float64Array)
}

/** (a) backtest of 1M scored leads (outcomes read once, as the worker keeps them) against a full score. */
function fullBacktestRows(data: LeadColumns, model: Model): { rows: BenchRow[]; auc: number } {
  const scorer = createColumnScorer(data, model, options)
  const outcomes = outcomesOf(data)
  const compiled = compileModel(model)
  const t = measureTogether(
    {
      full: () => scoreColumns(compiled, data, options),
      backtest: () => backtest(scorer, outcomes),
    },
    { warmup: 1, runs: 7 },
  )
  const full = row('engine full score 1M × 20 factors', t.full, LEADS)
  const test = row('backtest 1M: AUC + interval + tiers + deciles', t.backtest, LEADS)
  const result = backtest(scorer, outcomes)
  return {
    rows: [
      full,
      withGoal(against(test, full), '≤ 0.3× full score', test.medianMs <= 0.3 * full.medianMs),
    ],
    auc: result.ok ? result.backtest.auc : NaN,
  }
}

/**
 * (b) the worker's update after one weight change on 100k leads: re-score (one dot product) and
 * backtest the draft; then the whole run the worker does, impact analysis included.
 */
function liveRows(head: LeadColumns, model: Model): BenchRow[] {
  const outcomes = outcomesOf(head)
  const scorer = createColumnScorer(head, model, options)
  const drafts = [withWeightMoved(model, 0, 1, 0.01), model]
  // As the worker session does: the ranking's memory is kept between updates.
  const buffers = createRankBuffers()
  const session = createImpactSession()
  session.loadData(head, DEMO_AS_OF, DEMO_OUTCOME_FIELD)
  session.setModel('baseline', model)
  session.setModel('draft', model)
  session.run()
  const rescoreOnly = createColumnScorer(head, model, options)
  const t = measureTogether(
    {
      rescore: (i) => rescoreOnly.update(drafts[i % 2] as Model),
      backtest: (i) => {
        scorer.update(drafts[i % 2] as Model)
        return backtest(scorer, outcomes, buffers)
      },
      run: (i) => {
        session.setModel('draft', drafts[i % 2])
        return session.run()
      },
    },
    { warmup: 4, runs: 15 },
  )
  const rescore = row('incremental re-score 100k alone: one weight changed', t.rescore, LIVE_LEADS)
  const live = row('live 100k: one weight changed → re-score + backtest', t.backtest, LIVE_LEADS)
  const run = row('  worker run 100k: re-score + impact + backtest', t.run, LIVE_LEADS)
  return [rescore, withGoal(against(live, rescore), '≤ 8 ms', live.medianMs <= 8), run]
}

/** (c) fitting 20 weights on 100k leads (70/30 split), from a scorer's cached factor values. */
function fitRows(
  head: LeadColumns,
  model: Model,
): { rows: BenchRow[]; figures: Record<string, unknown> } {
  const outcomes = outcomesOf(head)
  const scorer = createColumnScorer(head, model, options)
  const t = measureTogether(
    { fit: (i) => fitWeights(scorer, outcomes, { holdout: 0.3, seed: i }) },
    { warmup: 1, runs: 5 },
  )
  const fit = row(`fitWeights 100k × ${model.factors.length} factors`, t.fit, LIVE_LEADS)
  const result = fitWeights(scorer, outcomes, { holdout: 0.3, seed: 1 })
  return {
    rows: [withGoal(fit, '≤ 1 s', fit.medianMs <= 1000)],
    figures: result.ok
      ? { iterations: result.iterations, train: result.train, holdout: result.holdout }
      : { problem: result.code },
  }
}
