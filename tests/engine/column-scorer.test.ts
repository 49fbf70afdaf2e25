import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { createColumnScorer, type ColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { columnsFromLeads } from '../../engine/lead-columns.ts'
import { normalizeModelWeights } from '../../engine/normalize-weights.ts'
import { scoreColumns } from '../../engine/score-columns.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import type { Factor, Model } from '../../shared/model-schema.ts'
import { messyLeads } from './support/messy-leads.ts'
import { AS_OF } from './support/score-everywhere.ts'

const leads = messyLeads(400, [...DEMO_MODEL.factors.map((f) => f.field), 'extra'], 5)
const data = columnsFromLeads(leads)

function withFactor(model: Model, id: string, change: Partial<Factor>): Model {
  return { ...model, factors: model.factors.map((f) => (f.id === id ? { ...f, ...change } : f)) }
}

/** The scorer's state equals a fresh full score of the same model, lead by lead. */
function expectFresh(scorer: ColumnScorer, model: Model): void {
  const compiled = compileModel(model)
  const fresh = scoreColumns(compiled, data, { asOf: AS_OF })
  expect(scorer.totals).toEqual(fresh.totals)
  expect(scorer.tierIndex).toEqual(fresh.tierIndex)
  leads.forEach((lead, i) => {
    expect(scorer.result(i)).toEqual(scoreLead(compiled, lead, { asOf: AS_OF }))
  })
}

describe('createColumnScorer: incremental re-scoring', () => {
  test('a weight-only change recomputes no factor', () => {
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const next = normalizeModelWeights(withFactor(DEMO_MODEL, 'bounce', { weight: 0.3 }))
    expect(scorer.update(next).recomputed).toEqual([])
    expectFresh(scorer, next)
  })

  test('label and tier changes recompute no factor', () => {
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const next: Model = {
      ...withFactor(DEMO_MODEL, 'bounce', { label: 'Bounces' }),
      tiers: [
        { name: 'top', min: 0.6 },
        { name: 'rest', min: 0 },
      ],
    }
    expect(scorer.update(next).recomputed).toEqual([])
    expectFresh(scorer, next)
  })

  test('a transform, missing or field change recomputes that factor only', () => {
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const a = withFactor(DEMO_MODEL, 'web-engagement', {
      transform: { kind: 'linear', min: 5, max: 80, invert: true },
    })
    expect(scorer.update(a).recomputed).toEqual(['web-engagement'])
    expectFresh(scorer, a)
    const b = withFactor(a, 'industry-fit', { missing: 0.9 })
    expect(scorer.update(b).recomputed).toEqual(['industry-fit'])
    expectFresh(scorer, b)
    const c = withFactor(b, 'demo-requested', { field: 'extra' })
    expect(scorer.update(c).recomputed).toEqual(['demo-requested'])
    expectFresh(scorer, c)
  })

  test('reordering and removing factors recompute nothing; adding computes the new one', () => {
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const reordered = { ...DEMO_MODEL, factors: [...DEMO_MODEL.factors].reverse() }
    expect(scorer.update(reordered).recomputed).toEqual([])
    expectFresh(scorer, reordered)
    const removed = normalizeModelWeights({ ...reordered, factors: reordered.factors.slice(2) })
    expect(scorer.update(removed).recomputed).toEqual([])
    expectFresh(scorer, removed)
    const added = normalizeModelWeights({
      ...removed,
      factors: [
        ...removed.factors,
        {
          id: 'extra-size',
          label: 'Extra',
          field: 'extra',
          weight: 0.2,
          missing: 0.3,
          transform: { kind: 'log', min: 1, max: 1000 },
        },
      ],
    })
    expect(scorer.update(added).recomputed).toEqual(['extra-size'])
    expectFresh(scorer, added)
  })

  test('going back to an earlier model re-scores it correctly', () => {
    const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const before = Float64Array.from(scorer.totals)
    const changed = withFactor(DEMO_MODEL, 'company-size', {
      transform: { kind: 'log', min: 1, max: 100 },
    })
    scorer.update(changed)
    expect(scorer.totals).not.toEqual(before)
    scorer.update(DEMO_MODEL)
    expect(scorer.totals).toEqual(before)
    expectFresh(scorer, DEMO_MODEL)
  })
})

describe('ColumnScorer.derive: a second model from the first one’s values', () => {
  const draft = normalizeModelWeights(
    withFactor(
      withFactor(DEMO_MODEL, 'web-engagement', {
        transform: { kind: 'linear', min: 5, max: 80, invert: true },
      }),
      'bounce',
      { weight: 0.3 },
    ),
  )

  test('computes only the factors whose values differ, and scores as a fresh scorer does', () => {
    const production = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const { scorer, stats } = production.derive(draft)
    expect(stats.recomputed).toEqual(['web-engagement'])
    expectFresh(scorer, draft)
    expect(production.derive(DEMO_MODEL).stats.recomputed).toEqual([])
  })

  test('shares the unchanged factors’ arrays instead of copying them', () => {
    const production = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const { scorer } = production.derive(draft)
    const shared = draft.factors.map((_, i) => scorer.values[i] === production.values[i])
    expect(shared).toEqual(draft.factors.map((f) => f.id !== 'web-engagement'))
  })

  test('the two scorers go on updating without touching each other', () => {
    const production = createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF })
    const before = production.values.map((v) => Float64Array.from(v))
    const { scorer } = production.derive(draft)
    const next = withFactor(draft, 'company-size', { missing: 0.7 })
    expect(scorer.update(next).recomputed).toEqual(['company-size'])
    expectFresh(scorer, next)
    expectFresh(production, DEMO_MODEL)
    expect(production.values).toEqual(before)
    const changed = withFactor(DEMO_MODEL, 'industry-fit', { missing: 0.9 })
    expect(production.update(changed).recomputed).toEqual(['industry-fit'])
    expectFresh(production, changed)
    expectFresh(scorer, next)
  })
})
