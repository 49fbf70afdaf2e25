import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoColumns, generateDemoLeads } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { columnsFromLeads, type LeadColumns } from '../../engine/lead-columns.ts'
import { prepareFactorColumns, scoreColumns } from '../../engine/score-columns.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { buildBenchModel } from '../bench/bench-model.ts'
import { referenceScore } from './support/reference-score.ts'
import { SEED } from './support/seed.ts'

const LEADS = 6000

/**
 * Every way a dataset reaches the kernels: plain arrays of lead values (category columns read in
 * place), typed columns where the demo generator writes them, and columns prepared once.
 */
function everyPath(model: Model, data: LeadColumns): [string, Float64Array][] {
  const compiled = compileModel(model)
  return [
    ['scoreColumns', scoreColumns(compiled, data, { asOf: DEMO_AS_OF }).totals],
    [
      'scoreColumns on prepared columns',
      scoreColumns(compiled, data, { asOf: DEMO_AS_OF }, prepareFactorColumns(compiled, data))
        .totals,
    ],
  ]
}

/** The largest |total − reference total| over the leads, on every path. */
function worstAgainstReference(model: Model, leads: readonly Lead[], data: LeadColumns): number {
  let worst = 0
  for (const [, totals] of everyPath(model, data)) {
    leads.forEach((lead, i) => {
      const expected = referenceScore(model, lead, DEMO_AS_OF).total
      const difference = Math.abs((totals[i] as number) - expected)
      if (!(difference <= worst)) worst = difference
    })
  }
  return worst
}

describe('the fast paths (fast exp and ln, in-place columns) equal a plain reading of the contract', () => {
  const leads = generateDemoLeads(LEADS, SEED)
  const typed = generateDemoColumns(LEADS, SEED)
  // Every demo field scored: four log, three linear, three buckets, four recency, three boolean, three category.
  const models = [DEMO_MODEL, buildBenchModel(typed)]

  test.each(models.map((m) => [m.id, m] as const))(
    '%s: seeded messy leads, as plain arrays and as typed columns, to 1e-12',
    (_, model) => {
      expect(worstAgainstReference(model, leads, columnsFromLeads(leads))).toBeLessThanOrEqual(
        1e-12,
      )
      expect(worstAgainstReference(model, leads, typed)).toBeLessThanOrEqual(1e-12)
    },
  )

  test('the bench model really has every transform kind on the demo fields', () => {
    const kinds = new Set(models[1]!.factors.map((f) => f.transform.kind))
    expect([...kinds].sort()).toEqual([
      'boolean',
      'buckets',
      'category',
      'linear',
      'log',
      'recency',
    ])
  })
})

describe('a category column read in place scores as its coded form and as lead by lead, exactly', () => {
  /**
   * Labels built to share the cache's slots: the same length and the same first and last characters,
   * more of them than there are slots, with copies equal in content but not the same string, blanks
   * and values that are not strings at all.
   */
  function collidingLabels(count: number, seed: number): unknown[] {
    const random = seededRandom(seed)
    const pool = Array.from({ length: 600 }, (_, k) => `a${k.toString(36).padStart(3, '0')}z`)
    const odd: unknown[] = [
      undefined,
      null,
      '',
      '   ',
      ' a000z',
      '__proto__',
      'constructor',
      'toString',
      1,
      0,
      true,
      [1, 2],
      { a: 1 },
      NaN,
    ]
    return Array.from({ length: count }, () => {
      const r = random()
      if (r < 0.15) return odd[Math.floor(random() * odd.length)]
      const label = pool[Math.floor(random() * (r < 0.6 ? 8 : pool.length))] as string
      // A copy with its own identity: equal content must find the same value.
      return r < 0.3 ? label.split('').join('') : label
    })
  }

  const model: Model = {
    id: 'labels',
    name: 'Labels',
    factors: [
      {
        id: 'label',
        label: 'Label',
        field: 'label',
        weight: 1,
        missing: 0.05,
        transform: {
          kind: 'category',
          map: {
            a000z: 1,
            a001z: 0.9,
            a007z: 0.8,
            a0g0z: 0.7,
            __proto__: 0.6,
            constructor: 0.5,
            '1': 0.4,
            true: 0.3,
            '1,2': 0.25,
          },
          default: 0.15,
        },
      },
    ],
    tiers: [{ name: 'all', min: 0 }],
  }

  test('5000 colliding labels, copies, blanks and non-strings', () => {
    const labels = collidingLabels(5000, SEED)
    const leads: Lead[] = labels.map((label) => (label === undefined ? {} : { label }))
    const data: LeadColumns = { length: labels.length, columns: { label: labels } }
    const compiled = compileModel(model)
    const expected = leads.map((lead) => scoreLead(compiled, lead, { asOf: DEMO_AS_OF }).total)
    for (const [path, totals] of everyPath(model, data)) {
      const mismatches = expected.filter((t, i) => totals[i] !== t).length
      expect(mismatches, path).toBe(0)
    }
    // Not vacuous: the leads reach most of the map, the default and missing.
    expect(new Set(expected).size).toBeGreaterThan(8)
  })
})
