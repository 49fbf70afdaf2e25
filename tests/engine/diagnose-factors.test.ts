import { describe, expect, test } from 'vitest'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { diagnoseFactors } from '../../engine/diagnose-factors.ts'
import { columnsFromLeads } from '../../engine/lead-columns.ts'
import type { Model } from '../../shared/model-schema.ts'

const model: Model = {
  id: 'diag',
  name: 'Diagnostics',
  factors: [
    {
      id: 'views',
      label: 'Views',
      field: 'views',
      weight: 0.4,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 10 },
    },
    {
      id: 'visits',
      label: 'Visits',
      field: 'visits',
      weight: 0.4,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 20 },
    },
    {
      id: 'demo',
      label: 'Demo',
      field: 'demo',
      weight: 0.2,
      missing: 0.5,
      transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
    },
  ],
  tiers: [{ name: 'all', min: 0 }],
}

describe('diagnoseFactors', () => {
  // visits is exactly twice views, so the two factors carry the same signal.
  const leads = [0, 2, 4, 6, 8, 10].map((views, i) => ({
    views,
    visits: views * 2,
    demo: ['yes', 'no', 'maybe', '', 'yes', 'no'][i],
  }))
  const data = columnsFromLeads(leads)
  const scorer = createColumnScorer(data, model, { asOf: 0 })
  const report = diagnoseFactors(scorer, data)

  test('flags factors so correlated that one adds little', () => {
    expect(report.correlatedPairs).toHaveLength(1)
    expect(report.correlatedPairs[0]).toMatchObject({ a: 'views', b: 'visits' })
    expect(report.correlatedPairs[0]!.r).toBeCloseTo(1, 12)
  })

  test('reports missing rate, spread and share of the total score', () => {
    const demo = report.factors.find((f) => f.factorId === 'demo')!
    expect(demo.missingRate).toBeCloseTo(2 / 6, 12) // "maybe" and "" are missing
    expect(demo.spread.min).toBe(0)
    expect(demo.spread.max).toBe(1)
    const totals = leads.map((_, i) => scorer.result(i))
    const sumTotal = totals.reduce((s, r) => s + r.total, 0)
    const sumDemo = totals.reduce((s, r) => s + r.contributions.demo!, 0)
    expect(demo.share).toBeCloseTo(sumDemo / sumTotal, 12)
    expect(report.factors.reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12)
    const views = report.factors.find((f) => f.factorId === 'views')!
    const v = leads.map((l) => l.views / 10)
    const mean = v.reduce((s, x) => s + x, 0) / v.length
    expect(views.spread.stdDev).toBeCloseTo(
      Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length),
      12,
    )
    expect(views.missingRate).toBe(0)
  })
})
