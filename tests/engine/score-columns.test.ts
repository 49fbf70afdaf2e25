import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { columnsFromLeads, type LeadColumns } from '../../engine/lead-columns.ts'
import { scoreColumns } from '../../engine/score-columns.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import type { Model } from '../../shared/model-schema.ts'
import { messyLeads } from './support/messy-leads.ts'
import { AS_OF, scoreEverywhere } from './support/score-everywhere.ts'

const demoFields = DEMO_MODEL.factors.map((f) => f.field)

function expectColumnsMatchLeads(model: Model, data: LeadColumns, leads: readonly object[]): void {
  const compiled = compileModel(model)
  const columns = scoreColumns(compiled, data, { asOf: AS_OF })
  const scorer = createColumnScorer(data, model, { asOf: AS_OF })
  let mismatches = 0
  leads.forEach((lead, i) => {
    const expected = scoreLead(compiled, lead as Record<string, unknown>, { asOf: AS_OF })
    const t = columns.tierIndex[i] as number
    if (columns.totals[i] !== expected.total) mismatches++
    if ((t < 0 ? null : compiled.tierNames[t]) !== expected.tier) mismatches++
    if (scorer.totals[i] !== expected.total) mismatches++
    if (JSON.stringify(scorer.result(i)) !== JSON.stringify(expected)) mismatches++
  })
  expect(mismatches).toBe(0)
}

describe('columnar scoring equals scoring lead by lead, exactly', () => {
  test('messy demo leads across more than one block', () => {
    const leads = messyLeads(5000, demoFields, 7)
    expectColumnsMatchLeads(DEMO_MODEL, columnsFromLeads(leads), leads)
  })

  test('factors reading the same field through different readers', () => {
    const shared: Model = {
      id: 'shared-field',
      name: 'Shared field',
      factors: (['linear', 'category', 'boolean', 'recency'] as const).map((kind, i) => ({
        id: `f${i}`,
        label: kind,
        field: 'v',
        weight: 0.25,
        missing: 0.5,
        transform:
          kind === 'linear'
            ? { kind, min: 0, max: 100 }
            : kind === 'category'
              ? { kind, map: { software: 1, '1': 0.5, true: 0.25 }, default: 0 }
              : kind === 'boolean'
                ? { kind, whenTrue: 1, whenFalse: 0 }
                : { kind, halfLifeDays: 30 },
      })),
      tiers: [{ name: 'all', min: 0 }],
    }
    const leads = messyLeads(300, ['v'], 11)
    expectColumnsMatchLeads(shared, columnsFromLeads(leads), leads)
  })

  test('a field no lead has scores `missing` for everyone', () => {
    const leads = messyLeads(50, ['other'], 3)
    const results = scoreEverywhere(DEMO_MODEL, leads)
    const allMissing = DEMO_MODEL.factors.reduce((t, f) => t + f.weight * f.missing, 0)
    for (const r of results) expect(r.total).toBe(allMissing)
  })

  test('typed Float64Array columns: NaN and infinities are missing', () => {
    const model: Model = {
      id: 'typed',
      name: 'Typed',
      factors: [
        {
          id: 'n',
          label: 'N',
          field: 'n',
          weight: 0.5,
          missing: 0.4,
          transform: { kind: 'linear', min: 0, max: 10 },
        },
        {
          id: 'b',
          label: 'B',
          field: 'n',
          weight: 0.5,
          missing: 0.2,
          transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
        },
      ],
      tiers: [{ name: 'all', min: 0 }],
    }
    const typed = Float64Array.from([5, NaN, Infinity, -Infinity, 1, 0, 20, -0, 0.5])
    const data: LeadColumns = { length: typed.length, columns: { n: typed } }
    const scores = scoreColumns(compileModel(model), data, { asOf: AS_OF })
    const v = [
      [0.5, 0.2],
      [0.4, 0.2],
      [0.4, 0.2],
      [0.4, 0.2],
      [0.1, 1],
      [0, 0],
      [1, 0.2],
      [0, 0],
      [0.05, 0.2],
    ]
    expect([...scores.totals]).toEqual(v.map(([a, b]) => 0 + 0.5 * (a ?? 0) + 0.5 * (b ?? 0)))
  })

  test('an empty dataset scores nothing', () => {
    const data = columnsFromLeads([])
    const scores = scoreColumns(compileModel(DEMO_MODEL), data, { asOf: AS_OF })
    expect(scores.totals.length).toBe(0)
    expect(createColumnScorer(data, DEMO_MODEL, { asOf: AS_OF }).length).toBe(0)
  })

  test('a field named "__proto__" is a column like any other', () => {
    const model: Model = {
      ...DEMO_MODEL,
      factors: [{ ...DEMO_MODEL.factors[3]!, field: '__proto__', weight: 1 }],
    }
    const leads = [JSON.parse('{"__proto__": 25}') as Record<string, unknown>, {}]
    const results = scoreEverywhere(model, leads)
    expect(results.map((r) => r.total)).toEqual([(25 - 0) / (50 - 0), 0])
  })
})
