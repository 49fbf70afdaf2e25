import { backtest } from '../../engine/backtest.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, DEMO_OUTCOME_FIELD, generateDemoColumns } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { fitWeights } from '../../engine/fit-weights.ts'
import { readOutcomes } from '../../engine/read-outcomes.ts'
import type { Model } from '../../shared/model-schema.ts'
import { startImpactWorker } from '../../client/controllers/impact-controller.ts'
import type { ImpactRequest, ImpactResponse } from '../../client/workers/impact-messages.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { afterEach, describe, it } from './support/mocha.ts'

const LEADS = 4000
const SEED = 777

function withWeights(model: Model, weights: Record<string, number>): Model {
  return {
    ...model,
    factors: model.factors.map((f) => ({ ...f, weight: weights[f.id] ?? f.weight })),
  }
}

/** Posts requests and collects replies until `until` accepts one. */
function exchange(
  worker: Worker,
  requests: ImpactRequest[],
  until: (message: ImpactResponse) => boolean,
): Promise<ImpactResponse[]> {
  return new Promise((resolve, reject) => {
    const seen: ImpactResponse[] = []
    worker.onmessage = (event: MessageEvent<ImpactResponse>) => {
      seen.push(event.data)
      if (event.data.type === 'error') reject(new Error(event.data.message))
      else if (until(event.data)) resolve(seen)
    }
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`))
    for (const request of requests) worker.postMessage(request)
  })
}

describe('backtest in the impact worker', () => {
  const workers: Worker[] = []
  afterEach(() => {
    for (const w of workers.splice(0)) w.terminate()
  })

  it('backtests draft and baseline as the engine does, live after a weight change', async () => {
    const worker = startImpactWorker()
    workers.push(worker)
    const data = generateDemoColumns(LEADS, SEED)
    const outcomes = readOutcomes(data.columns[DEMO_OUTCOME_FIELD] as Float64Array)
    const expectedOf = (model: Model) => {
      const result = backtest(createColumnScorer(data, model, { asOf: DEMO_AS_OF }), outcomes)
      assert(result.ok, 'the demo leads have converters and non-converters')
      return result.backtest
    }
    const draft = withWeights(DEMO_MODEL, { 'company-size': 0.1, 'demo-requested': 0.3 })
    const first = await exchange(
      worker,
      [
        { type: 'load-demo', count: LEADS, seed: SEED },
        { type: 'set-model', role: 'baseline', model: DEMO_MODEL },
        { type: 'set-model', role: 'draft', model: draft },
      ],
      (m) => m.type === 'report',
    )
    const report = first.at(-1)
    assert(report?.type === 'report', 'a report')
    assert(report.backtest?.ok === true, 'the demo leads are backtested on their outcome')
    assertEqual(report.backtest.outcomeField, DEMO_OUTCOME_FIELD, 'outcome column')
    assertDeepEqual(report.backtest.baseline, expectedOf(DEMO_MODEL), 'baseline backtest')
    assertDeepEqual(report.backtest.draft, expectedOf(draft), 'draft backtest')

    const next = withWeights(DEMO_MODEL, { 'company-size': 0.05, 'demo-requested': 0.35 })
    const second = await exchange(
      worker,
      [{ type: 'set-model', role: 'draft', model: next }],
      (m) => m.type === 'report',
    )
    const live = second.at(-1)
    assert(live?.type === 'report' && live.backtest?.ok === true, 'a live backtest')
    assertDeepEqual(live.recomputed, [], 'a weight change recomputes no factor')
    assertDeepEqual(live.backtest.draft, expectedOf(next), 'draft backtest after the change')
  })

  it('suggests the weights the engine fits, with progress, from the current draft', async () => {
    const worker = startImpactWorker()
    workers.push(worker)
    const replies = await exchange(
      worker,
      [
        { type: 'load-demo', count: LEADS, seed: SEED },
        { type: 'set-model', role: 'baseline', model: DEMO_MODEL },
        { type: 'set-model', role: 'draft', model: DEMO_MODEL },
        { type: 'fit', id: 7, holdout: 0.3, seed: 11 },
      ],
      (m) => m.type === 'fit-result',
    )
    const progress = replies.filter((m) => m.type === 'fit-progress')
    assert(progress.length > 0, 'progress while fitting')
    const result = replies.at(-1)
    assert(result?.type === 'fit-result' && result.id === 7, 'the fit result for request 7')
    assert(result.suggestion.ok, 'a suggestion')
    const data = generateDemoColumns(LEADS, SEED)
    const outcomes = readOutcomes(data.columns[DEMO_OUTCOME_FIELD] as Float64Array)
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: DEMO_AS_OF })
    const fit = fitWeights(scorer, outcomes, { holdout: 0.3, seed: 11 })
    assert(fit.ok, 'the engine fits too')
    assertDeepEqual(
      result.suggestion.weights,
      Object.fromEntries(fit.model.factors.map((f) => [f.id, f.weight])),
      'suggested weights',
    )
    assertDeepEqual(result.suggestion.holdout, fit.holdout, 'holdout AUCs')
  })
})
