import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, generateDemoColumns } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { Model } from '../../shared/model-schema.ts'
import { startImpactWorker } from '../../client/controllers/impact-controller.ts'
import type { ImpactRequest, ImpactResponse } from '../../client/workers/impact-messages.ts'
import { assert, assertDeepEqual, assertEqual } from './support/assert.ts'
import { afterEach, describe, it } from './support/mocha.ts'

const LEADS = 3000
const SEED = 4242

/** A draft that moves weight from firmographics to intent, so leads change tier. */
function draftOf(model: Model, shift: number): Model {
  const weights: Record<string, number> = {
    'company-size': 0.2 - shift,
    'demo-requested': 0.2 + shift,
  }
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

describe('impact worker', () => {
  const workers: Worker[] = []
  afterEach(() => {
    for (const w of workers.splice(0)) w.terminate()
  })

  it('reports the same impact as the engine on the main thread, and re-scores incrementally', async () => {
    const worker = startImpactWorker()
    workers.push(worker)
    const draft = draftOf(DEMO_MODEL, 0.15)
    const first = await exchange(
      worker,
      [
        { type: 'load-demo', count: LEADS, seed: SEED },
        { type: 'set-model', role: 'baseline', model: DEMO_MODEL },
        { type: 'set-model', role: 'draft', model: draft },
      ],
      (m) => m.type === 'report',
    )
    const dataset = first.find((m) => m.type === 'dataset')
    assert(dataset?.type === 'dataset', 'the worker announced its dataset')
    assertEqual(dataset.dataset.leads, LEADS, 'lead count')
    const report = first.at(-1)
    assert(report?.type === 'report', 'a report')
    // The draft starts from the baseline's values: with weights moved only, no factor twice.
    assertDeepEqual(
      report.recomputed,
      DEMO_MODEL.factors.map((f) => f.id),
      'each factor computed once, for the baseline',
    )

    const data = generateDemoColumns(LEADS, SEED)
    const options = { asOf: DEMO_AS_OF }
    const expected = analyzeImpact(
      createColumnScorer(data, DEMO_MODEL, options),
      createColumnScorer(data, draft, options),
    )
    assert(expected.changedTier > 0, 'the draft moves some leads (else the test proves little)')
    assertEqual(report.report.changedTier, expected.changedTier, 'changedTier')
    assertDeepEqual(report.report.migration, expected.migration, 'migration matrix')
    assertDeepEqual(report.report.to.histogram, expected.to.histogram, 'draft histogram')
    assertDeepEqual(
      report.report.topMovers.map((m) => [m.row, m.factorId]),
      expected.topMovers.map((m) => [m.row, m.factorId]),
      'top movers and the factor that moved them',
    )

    // A weight-only change re-scores without recomputing any factor's values.
    const next = draftOf(DEMO_MODEL, 0.05)
    const second = await exchange(
      worker,
      [{ type: 'set-model', role: 'draft', model: next }],
      (m) => m.type === 'report',
    )
    const rescored = second.at(-1)
    assert(rescored?.type === 'report', 'a second report')
    assertDeepEqual(rescored.recomputed, [], 'no factor recomputed for a weight change')
    const expectedNext = analyzeImpact(
      createColumnScorer(data, DEMO_MODEL, options),
      createColumnScorer(data, next, options),
    )
    assertEqual(
      rescored.report.changedTier,
      expectedNext.changedTier,
      'changedTier after the change',
    )
  })

  it('says when a draft cannot be scored, and scores a CSV opened locally', async () => {
    const worker = startImpactWorker()
    workers.push(worker)
    const csv = [
      'employees,demo_requested,industry',
      '5000,yes,software',
      '12,no,retail',
      '"1,200",,"health, care"',
    ].join('\n')
    const replies = await exchange(
      worker,
      [
        { type: 'load-csv', name: 'leads.csv', text: csv },
        { type: 'set-model', role: 'baseline', model: DEMO_MODEL },
        { type: 'set-model', role: 'draft', model: { ...DEMO_MODEL, factors: 'nope' } },
      ],
      (m) => m.type === 'not-scorable',
    )
    const dataset = replies.find((m) => m.type === 'dataset')
    assert(dataset?.type === 'dataset', 'dataset announced')
    assertEqual(dataset.dataset.leads, 3, 'three rows')
    assertDeepEqual(dataset.dataset.fields, ['employees', 'demo_requested', 'industry'], 'fields')
    const report = await exchange(
      worker,
      [{ type: 'set-model', role: 'draft', model: draftOf(DEMO_MODEL, 0.1) }],
      (m) => m.type === 'report',
    )
    const last = report.at(-1)
    assert(last?.type === 'report', 'a report once the draft is a model')
    assertEqual(last.report.leads, 3, 'scored the CSV rows')
  })

  it('reads semicolon- and tab-separated files, counts who carries each field, and names leads', async () => {
    const rows = [
      ['email', 'employees', 'demo_requested', 'industry'],
      ['a@example.com', '5000', 'yes', 'software'],
      ['b@example.com', '12', 'no', 'retail'],
      ['c@example.com', '', 'yes', ''],
    ]
    for (const delimiter of [';', '\t'] as const) {
      const worker = startImpactWorker()
      workers.push(worker)
      const draft = draftOf(DEMO_MODEL, 0.1)
      const replies = await exchange(
        worker,
        [
          {
            type: 'load-csv',
            name: 'leads.csv',
            text: rows.map((r) => r.join(delimiter)).join('\n'),
          },
          { type: 'set-model', role: 'baseline', model: DEMO_MODEL },
          { type: 'set-model', role: 'draft', model: draft },
        ],
        (m) => m.type === 'report',
      )
      const announced = replies.find((m) => m.type === 'dataset')
      assert(announced?.type === 'dataset', 'dataset announced')
      const info = announced.dataset
      assertEqual(info.delimiter, delimiter, 'separator detected')
      assertDeepEqual(
        info.fields,
        rows[0],
        `one column per field with ${JSON.stringify(delimiter)}`,
      )
      assertDeepEqual(
        info.present,
        { email: 3, employees: 2, demo_requested: 3, industry: 2 },
        'leads carrying each field',
      )
      assertDeepEqual(
        info.labels,
        { field: 'email', values: rows.slice(1).map((r) => r[0]) },
        'labels',
      )
      // Judged by the engine on the same leads, not by what the panel shows.
      const columns = Object.fromEntries(
        rows[0]!.map((f, k) => [f, rows.slice(1).map((r) => r[k])]),
      )
      const data = { length: 3, columns }
      const expected = analyzeImpact(
        createColumnScorer(data, DEMO_MODEL, { asOf: info.asOf }),
        createColumnScorer(data, draft, { asOf: info.asOf }),
      )
      const report = replies.at(-1)
      assert(report?.type === 'report', 'a report')
      assertEqual(
        report.report.from.mean,
        expected.from.mean,
        'baseline mean as the engine scores it',
      )
      assertEqual(report.report.to.mean, expected.to.mean, 'draft mean as the engine scores it')
      assert(expected.from.mean > 0, 'the leads score something (the fields were read)')
    }
  })

  it('a header-only file is a dataset with no leads, not an error', async () => {
    const worker = startImpactWorker()
    workers.push(worker)
    const replies = await exchange(
      worker,
      [{ type: 'load-csv', name: 'empty.csv', text: 'email;employees\n' }],
      (m) => m.type === 'dataset',
    )
    const announced = replies.at(-1)
    assert(announced?.type === 'dataset', 'dataset announced')
    assertEqual(announced.dataset.leads, 0, 'no leads')
    assertDeepEqual(announced.dataset.fields, ['email', 'employees'], 'its fields')
  })
})
