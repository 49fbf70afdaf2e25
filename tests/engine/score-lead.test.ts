import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { scoreLead, scoreLeads } from '../../engine/score-lead.ts'
import type { Model, Transform } from '../../shared/model-schema.ts'
import { ABSENT, AS_OF, MS_PER_DAY, scoreEverywhere } from './support/score-everywhere.ts'

const model: Model = {
  id: 'mixed',
  name: 'Mixed',
  factors: [
    {
      id: 'size',
      label: 'Size',
      field: 'employees',
      weight: 0.3,
      missing: 0.1,
      transform: { kind: 'linear', min: 0, max: 200 },
    },
    {
      id: 'plan',
      label: 'Plan',
      field: 'plan',
      weight: 0.25,
      missing: 0,
      transform: { kind: 'category', map: { pro: 1, team: 0.6 }, default: 0.1 },
    },
    {
      id: 'demo',
      label: 'Demo',
      field: 'demo',
      weight: 0.2,
      missing: 0.05,
      transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
    },
    {
      id: 'active',
      label: 'Active',
      field: 'seen',
      weight: 0.15,
      missing: 0,
      transform: { kind: 'recency', halfLifeDays: 7 },
    },
    {
      id: 'opens',
      label: 'Opens',
      field: 'opens',
      weight: 0.1,
      missing: 0,
      transform: { kind: 'buckets', edges: [1, 5], scores: [0, 0.5, 1] },
    },
  ],
  tiers: [
    { name: 'hot', min: 0.7 },
    { name: 'warm', min: 0.4 },
    { name: 'cold', min: 0 },
  ],
}

describe('scoreLead: total = Σ weight × v in factor order', () => {
  test('each contribution is weight × v and the total adds them in factor order', () => {
    const lead = {
      employees: 50,
      plan: 'team',
      demo: 'yes',
      seen: AS_OF - 7 * MS_PER_DAY,
      opens: 3,
    }
    const [result] = scoreEverywhere(model, [lead])
    const v = { size: (50 - 0) / (200 - 0), plan: 0.6, demo: 1, active: 0.5, opens: 0.5 }
    const contributions = {
      size: 0.3 * v.size,
      plan: 0.25 * v.plan,
      demo: 0.2 * v.demo,
      active: 0.15 * v.active,
      opens: 0.1 * v.opens,
    }
    expect(result?.contributions).toEqual(contributions)
    const total =
      0 +
      contributions.size +
      contributions.plan +
      contributions.demo +
      contributions.active +
      contributions.opens
    expect(result?.total).toBe(total)
    expect(result?.tier).toBe(total >= 0.7 ? 'hot' : total >= 0.4 ? 'warm' : 'cold')
  })

  test('contributions are keyed by factor id, one per factor, also when missing', () => {
    const [result] = scoreEverywhere(model, [{}])
    expect(Object.keys(result?.contributions ?? {})).toEqual([
      'size',
      'plan',
      'demo',
      'active',
      'opens',
    ])
    expect(result?.contributions).toEqual({
      size: 0.3 * 0.1,
      plan: 0,
      demo: 0.2 * 0.05,
      active: 0,
      opens: 0,
    })
    expect(result?.total).toBe(0 + 0.3 * 0.1 + 0 + 0.2 * 0.05 + 0 + 0)
    expect(result?.tier).toBe('cold')
  })

  test('a lead with every factor at its best scores the weight sum', () => {
    const lead = { employees: 1e6, plan: 'pro', demo: true, seen: AS_OF, opens: 99 }
    const [result] = scoreEverywhere(model, [lead])
    expect(result?.total).toBe(0 + 0.3 + 0.25 + 0.2 + 0.15 + 0.1)
    expect(result?.tier).toBe('hot')
  })

  test('the factor order of the model is the summation order', () => {
    const weights = [0.1, 0.2, 0.3, 0.4]
    const factor = (id: string, weight: number) => ({
      id,
      label: id,
      field: id,
      weight,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 3 } as Transform,
    })
    const forward: Model = {
      id: 'order',
      name: 'Order',
      factors: weights.map((w, i) => factor(`f${i}`, w)),
      tiers: [{ name: 'all', min: 0 }],
    }
    const lead = { f0: 1, f1: 1, f2: 1, f3: 1 }
    const [result] = scoreEverywhere(forward, [lead])
    expect(result?.total).toBe(0 + 0.1 * (1 / 3) + 0.2 * (1 / 3) + 0.3 * (1 / 3) + 0.4 * (1 / 3))
    const backward = { ...forward, factors: [...forward.factors].reverse() }
    const [reversed] = scoreEverywhere(backward, [lead])
    expect(reversed?.total).toBe(0 + 0.4 * (1 / 3) + 0.3 * (1 / 3) + 0.2 * (1 / 3) + 0.1 * (1 / 3))
  })

  test('scoreLeads scores a batch in input order', () => {
    const compiled = compileModel(model)
    const leads = [{ plan: 'pro' }, { plan: 'team' }, {}]
    const results = scoreLeads(compiled, leads, { asOf: AS_OF })
    expect(results.map((r) => r.contributions['plan'])).toEqual([0.25 * 1, 0.25 * 0.6, 0])
    results.forEach((r, i) =>
      expect(r).toEqual(scoreLead(compiled, leads[i] ?? {}, { asOf: AS_OF })),
    )
  })
})

describe('tiers: the first by descending min with min ≤ total + 1e-9', () => {
  // One linear factor over [0, 1] with weight 1: total = 0 + 1 × x = x exactly.
  const tiered = (tiers: Model['tiers']): Model => ({
    id: 'tiers',
    name: 'Tiers',
    factors: [
      {
        id: 'f',
        label: 'F',
        field: 'x',
        weight: 1,
        missing: 0,
        transform: { kind: 'linear', min: 0, max: 1 },
      },
    ],
    tiers,
  })
  const abc = tiered([
    { name: 'A', min: 0.75 },
    { name: 'B', min: 0.5 },
    { name: 'C', min: 0 },
  ])
  const tierOf = (m: Model, x: unknown): string | null =>
    scoreEverywhere(m, [x === ABSENT ? {} : { x }])[0]?.tier ?? null

  test('a total equal to a min reaches that tier', () => {
    expect(tierOf(abc, 0.75)).toBe('A')
    expect(tierOf(abc, 0.5)).toBe('B')
    expect(tierOf(abc, 0)).toBe('C')
  })

  test('a total 1e-10 below a min still reaches it (tolerance 1e-9)', () => {
    expect(tierOf(abc, 0.75 - 1e-10)).toBe('A')
    expect(tierOf(abc, 0.5 - 1e-10)).toBe('B')
  })

  test('a total clearly below a min falls to the next tier', () => {
    expect(tierOf(abc, 0.75 - 1e-8)).toBe('B')
    expect(tierOf(abc, 0.5 - 1e-8)).toBe('C')
    expect(tierOf(abc, 0.74)).toBe('B')
  })

  test('totals between and above mins', () => {
    expect([1, 0.9, 0.6, 0.3, ABSENT].map((x) => tierOf(abc, x))).toEqual(['A', 'A', 'B', 'C', 'C'])
  })

  test('a single tier at 0 takes every lead', () => {
    const one = tiered([{ name: 'only', min: 0 }])
    expect([0, 0.5, 1, ABSENT].map((x) => tierOf(one, x))).toEqual(['only', 'only', 'only', 'only'])
  })

  test('a draft whose tiers cannot place a total gives null', () => {
    const draft = tiered([{ name: 'high', min: 0.5 }])
    expect(tierOf(draft, 0.2)).toBeNull()
    expect(tierOf(draft, 0.5)).toBe('high')
  })
})
