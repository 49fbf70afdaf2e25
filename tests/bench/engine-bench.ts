/**
 * The engine section: one dataset of 1,000,000 generated leads × 20 factors (all six transform
 * kinds), scored side by side by the engine, a plain per-lead loop and json-rules-engine, plus the
 * incremental re-score and the impact analysis the editor runs on every change.
 */
import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { compileModel } from '../../engine/compile-model.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, generateDemoColumns } from '../../engine/demo-leads.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { RawColumn } from '../../engine/prepare-column.ts'
import { prepareFactorColumns, scoreColumns } from '../../engine/score-columns.ts'
import type { Model } from '../../shared/model-schema.ts'
import { buildBenchModel, withTransform, withWeightMoved } from './bench-model.ts'
import {
  against,
  measure,
  measureAsync,
  measureTogether,
  row,
  withGoal,
  type BenchRow,
  type BenchSection,
} from './bench-timing.ts'
import { plainLeadsOf, scorePlain } from './plain-scorer.ts'
import { createRulesEngine, scoreWithRules } from './rules-engine-scorer.ts'

const LEADS = 1_000_000
const PLAIN_LEADS = 200_000
const RULES_LEADS = 2_000
const INCREMENTAL_LEADS = 100_000
const SEED = 20_250_602
const options = { asOf: DEMO_AS_OF }

export async function runBench(): Promise<BenchSection> {
  const started = performance.now()
  const data = generateDemoColumns(LEADS, SEED)
  const generationMs = performance.now() - started
  const generation = row(
    'generateDemoColumns 1M (setup, one run)',
    { medianMs: generationMs, runsMs: [generationMs] },
    LEADS,
  )
  const model = buildBenchModel(data)
  const full = fullScoreRows(data, model)
  const incremental = incrementalRows(data, model)
  const impact = impactRows(data, model)
  // Last, so the objects these build are garbage before anything else is timed.
  const others = await otherImplementationRows(data, model, full.full)
  return {
    rows: [generation, ...full.rows, ...others.rows, ...incremental, ...impact],
    figures: {
      leads: LEADS,
      factors: model.factors.length,
      transformKinds: [...new Set(model.factors.map((f) => f.transform.kind))],
      seed: SEED,
      agreement: others.agreement,
    },
  }
}

/** (a) the floor: any full score reads every input value at least once; (b) the engine's full score. */
export function fullScoreRows(
  data: LeadColumns,
  model: Model,
): { full: BenchRow; rows: BenchRow[] } {
  const compiled = compileModel(model)
  const prepared = prepareFactorColumns(compiled, data)
  const t = measureTogether(
    {
      floor: () => readEveryValue(data),
      compute: () => callTranscendentals(data, model),
      raw: () => scoreColumns(compileModel(model), data, options),
      prepare: () => prepareFactorColumns(compiled, data),
      prepared: () => scoreColumns(compiled, data, options, prepared),
    },
    { warmup: 1, runs: 7 },
  )
  const floor = row('memory floor: read every input value once', t.floor, LEADS)
  const compute = row('  compute floor: only the Math.exp/Math.log calls', t.compute, LEADS)
  const full = row('engine full score from raw columns', t.raw, LEADS)
  const fromPrepared = row('engine full score from prepared columns', t.prepared, LEADS)
  const prepare = row('  reading the columns once (prepareFactorColumns)', t.prepare, LEADS)
  return {
    full,
    rows: [
      floor,
      against(compute, floor),
      withGoal(against(full, floor), 'full ≤ 3× floor', full.medianMs <= 3 * floor.medianMs),
      withGoal(
        against(fromPrepared, floor),
        'full ≤ 3× floor',
        fromPrepared.medianMs <= 3 * floor.medianMs,
      ),
      against(prepare, full),
    ],
  }
}

/** (c) a plain per-lead loop over objects and (d) json-rules-engine, against the engine per lead. */
async function otherImplementationRows(
  data: LeadColumns,
  model: Model,
  engine: BenchRow,
): Promise<{ rows: BenchRow[]; agreement: Record<string, number> }> {
  const engineTotals = scoreColumns(compileModel(model), data, options).totals
  const leads = plainLeadsOf(data, PLAIN_LEADS)
  const plain = row(
    `plain per-lead loop over objects (${PLAIN_LEADS / 1000}k)`,
    measure(() => scorePlain(model, leads, DEMO_AS_OF), { runs: 5 }),
    PLAIN_LEADS,
  )
  const rulesEngine = createRulesEngine(model)
  const ruleLeads = leads.slice(0, RULES_LEADS)
  const rules = row(
    `json-rules-engine (${RULES_LEADS / 1000}k)`,
    await measureAsync(() => scoreWithRules(rulesEngine, model, ruleLeads, DEMO_AS_OF), {
      warmup: 1,
      runs: 3,
    }),
    RULES_LEADS,
  )
  return {
    rows: [
      against(plain, engine, true),
      withGoal(
        against(rules, engine, true),
        'engine ≥ 1000× faster per lead',
        rules.perLeadNs >= 1000 * engine.perLeadNs,
      ),
    ],
    agreement: {
      plainMaxAbsDifference: maxDifference(scorePlain(model, leads, DEMO_AS_OF), engineTotals),
      rulesEngineMaxAbsDifference: maxDifference(
        await scoreWithRules(rulesEngine, model, ruleLeads, DEMO_AS_OF),
        engineTotals,
      ),
    },
  }
}

/** (e) incremental re-score of 100k leads; each run flips between two models so every update changes something. */
export function incrementalRows(data: LeadColumns, model: Model): BenchRow[] {
  const head = headOf(data, INCREMENTAL_LEADS)
  const weightScorer = createColumnScorer(head, model, options)
  const paramScorer = createColumnScorer(head, model, options)
  const weightModels = [withWeightMoved(model, 0, 1, 0.01), model]
  const recency = model.factors.findIndex((f) => f.transform.kind === 'recency')
  const paramModels = [withTransform(model, recency, { kind: 'recency', halfLifeDays: 21 }), model]
  const t = measureTogether(
    {
      full: () => scoreColumns(compileModel(model), head, options),
      weight: (i) => weightScorer.update(weightModels[i % 2] as Model),
      param: (i) => paramScorer.update(paramModels[i % 2] as Model),
    },
    { warmup: 4, runs: 15 },
  )
  const full = row('engine full score 100k from raw columns', t.full, INCREMENTAL_LEADS)
  const weight = row('incremental 100k: one weight changed', t.weight, INCREMENTAL_LEADS)
  const param = row('incremental 100k: one recency half-life changed', t.param, INCREMENTAL_LEADS)
  return [
    full,
    withGoal(against(weight, full), '≤ 5 ms', weight.medianMs <= 5),
    against(param, full),
  ]
}

/**
 * (f) impact of a draft on 1M leads: score the draft, then compare it with the scored production
 * model. The draft is scored as the editor, `scoring impact` and a promotion request score it: from
 * production's values, computing only the factors it changes (here one recency half-life).
 */
function impactRows(data: LeadColumns, model: Model): BenchRow[] {
  const recency = model.factors.findIndex((f) => f.transform.kind === 'recency')
  const draft = withTransform(withWeightMoved(model, 2, 5, 0.02), recency, {
    kind: 'recency',
    halfLifeDays: 21,
  })
  const production = createColumnScorer(data, model, options)
  const scored = createColumnScorer(data, draft, options)
  const t = measureTogether(
    {
      full: () => scoreColumns(compileModel(draft), data, options),
      scorer: () => createColumnScorer(data, draft, options),
      analysis: () => analyzeImpact(production, scored),
      impact: () => analyzeImpact(production, production.derive(draft).scorer),
      fromScratch: () => analyzeImpact(production, createColumnScorer(data, draft, options)),
    },
    { warmup: 1, runs: 5 },
  )
  const full = row('engine full score 1M (timed alongside impact)', t.full, LEADS)
  const scorer = row('  createColumnScorer 1M (full score, values kept)', t.scorer, LEADS)
  const analysis = row('  analyzeImpact 1M alone', t.analysis, LEADS)
  const impact = row('impact 1M: score the draft + analyzeImpact', t.impact, LEADS)
  const fromScratch = row('  the same, the draft scored from scratch', t.fromScratch, LEADS)
  return [
    full,
    against(scorer, full),
    against(analysis, full),
    withGoal(against(impact, full), '≤ 1.3× full score', impact.medianMs <= 1.3 * full.medianMs),
    against(fromScratch, full),
  ]
}

/**
 * The transcendental calls the contract requires and no implementation can skip: one exponential for
 * each present date of a recency factor (the engine's exp form of 0.5^(days/halfLife)), Math.log for
 * each positive number of a log factor.
 */
function callTranscendentals(data: LeadColumns, model: Model): number {
  let total = 0
  for (const { field, transform } of model.factors) {
    const column = data.columns[field]
    if (!(column instanceof Float64Array)) continue
    if (transform.kind === 'recency') {
      const rate = -Math.LN2 / transform.halfLifeDays
      for (let i = 0; i < column.length; i++) {
        const t = column[i] as number
        if (t === t) total += Math.exp(((DEMO_AS_OF - t) / 86_400_000) * rate)
      }
    } else if (transform.kind === 'log') {
      for (let i = 0; i < column.length; i++) {
        const x = column[i] as number
        if (x > 0) total += Math.log(x)
      }
    }
  }
  return total
}

/** Sums every value of every column (four sums at once, so the adds do not wait on each other). */
function readEveryValue(data: LeadColumns): number {
  let total = 0
  for (const column of Object.values(data.columns)) {
    total +=
      column instanceof Float64Array ? sumFloats(column) : sumLengths(column as readonly unknown[])
  }
  return total
}

function sumFloats(a: Float64Array): number {
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  const n = a.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    s0 += a[i] as number
    s1 += a[i + 1] as number
    s2 += a[i + 2] as number
    s3 += a[i + 3] as number
  }
  for (; i < n; i++) s0 += a[i] as number
  return s0 + s1 + s2 + s3
}

function sumLengths(a: readonly unknown[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    s += typeof x === 'string' ? x.length : 0
  }
  return s
}

/** The first n leads of a dataset (typed columns are views, not copies). */
function headOf(data: LeadColumns, n: number): LeadColumns {
  const columns: Record<string, RawColumn> = {}
  for (const [name, column] of Object.entries(data.columns)) {
    columns[name] =
      column instanceof Float64Array
        ? column.subarray(0, n)
        : Array.prototype.slice.call(column, 0, n)
  }
  return { length: n, columns }
}

/** The largest |a[i] − b[i]| over a's rows: the implementations must agree before they are compared. */
function maxDifference(a: Float64Array, b: Float64Array): number {
  let max = 0
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)))
  if (!(max <= 1e-9)) throw new Error(`implementations disagree: max |Δtotal| = ${max}`)
  return max
}
