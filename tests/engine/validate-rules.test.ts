import { describe, expect, test } from 'vitest'
import { validateModel, type ValidationResult } from '../../engine/validate-model.ts'
import { FINDING_CODES, type FindingCode } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import type { Factor, Model, Transform } from '../../shared/model-schema.ts'

const factor = (id: string, weight: number, transform: Transform, missing = 0): Factor => ({
  id,
  label: id,
  field: id,
  weight,
  missing,
  transform,
})

/** A small valid model with one factor of every kind. */
function base(): Model {
  return {
    id: 'rules',
    name: 'Rules',
    factors: [
      factor('lin', 0.25, { kind: 'linear', min: 0, max: 10 }),
      factor('lg', 0.25, { kind: 'log', min: 1, max: 1000 }),
      factor('bk', 0.125, { kind: 'buckets', edges: [1, 5], scores: [0, 0.5, 1] }),
      factor('cat', 0.125, { kind: 'category', map: { a: 1, b: 0.5 }, default: 0 }),
      factor('bool', 0.125, { kind: 'boolean', whenTrue: 1, whenFalse: 0 }),
      factor('rec', 0.125, { kind: 'recency', halfLifeDays: 30 }),
    ],
    tiers: [
      { name: 'A', min: 0.6 },
      { name: 'B', min: 0.3 },
      { name: 'C', min: 0 },
    ],
  }
}

/** The base model with factor i's transform (or the factor itself) changed. */
function withTransform(i: number, transform: Transform): Model {
  const m = base()
  m.factors[i] = { ...(m.factors[i] as Factor), transform }
  return m
}

function codes(result: ValidationResult): FindingCode[] {
  return result.findings.map((f) => f.code as FindingCode)
}

/** Validates, expects exactly one finding with the code and path, and returns it. */
function onlyFinding(model: Model, code: FindingCode, path: Finding['path']): Finding {
  const result = validateModel(model)
  expect(codes(result)).toEqual([code])
  const [finding] = result.findings
  expect(finding?.path).toEqual(path)
  expect(finding?.message).toMatch(/\S{3}/)
  expect(finding?.hint).toMatch(/\S{3}/)
  expect(result.model).not.toBeNull()
  expect(result.ok).toBe(finding?.severity !== 'error')
  return finding as Finding
}

describe('validateModel step 2: the rules of DESIGN.md', () => {
  test('the base model is valid', () => {
    expect(validateModel(base())).toEqual({ ok: true, model: base(), findings: [] })
  })

  describe('weights', () => {
    test('weights must sum to 1; the hint offers normalization and states the sum', () => {
      const m = base()
      m.factors[0]!.weight = 0.1
      const f = onlyFinding(m, FINDING_CODES.weightSum, ['factors'])
      expect(f.severity).toBe('error')
      expect(f.message).toContain('0.85')
      expect(f.hint.toLowerCase()).toContain('normalize weights')
      expect(f.hint).toContain('0.85')
    })

    test('the sum tolerance is ±1e-6', () => {
      const within = base()
      within.factors[0]!.weight = 0.25 + 0.9e-6
      expect(validateModel(within).ok).toBe(true)
      const below = base()
      below.factors[0]!.weight = 0.25 - 0.9e-6
      expect(validateModel(below).ok).toBe(true)
      const over = base()
      over.factors[0]!.weight = 0.25 + 1.1e-6
      expect(codes(validateModel(over))).toEqual([FINDING_CODES.weightSum])
      const under = base()
      under.factors[0]!.weight = 0.25 - 1.1e-6
      expect(codes(validateModel(under))).toEqual([FINDING_CODES.weightSum])
    })

    test('every weight lies in [0, 1]', () => {
      const m = base()
      m.factors[0]!.weight = 1.25
      m.factors[1]!.weight = -0.75
      const result = validateModel(m)
      expect(result.ok).toBe(false)
      expect(result.findings.map((f) => [f.code, f.path])).toEqual([
        [FINDING_CODES.weightRange, ['factors', 0, 'weight']],
        [FINDING_CODES.weightRange, ['factors', 1, 'weight']],
      ])
      expect(result.findings[0]?.message).toContain('1.25')
    })

    test('weights exactly 0 and 1 are in range', () => {
      const m = base()
      m.factors = [
        { ...m.factors[0]!, weight: 1 },
        { ...m.factors[1]!, weight: 0 },
      ]
      const f = onlyFinding(m, FINDING_CODES.zeroWeight, ['factors', 1, 'weight'])
      expect(f.severity).toBe('warning')
    })

    test('a zero weight is a warning only', () => {
      const m = base()
      m.factors[0]!.weight = 0
      m.factors[1]!.weight = 0.5
      const f = onlyFinding(m, FINDING_CODES.zeroWeight, ['factors', 0, 'weight'])
      expect(f.message).toContain('"lin"')
    })

    test('at least one weight must be positive', () => {
      const m = base()
      for (const f of m.factors) f.weight = 0
      const result = validateModel(m)
      expect(result.ok).toBe(false)
      expect(codes(result)).toContain(FINDING_CODES.noPositiveWeight)
      // All-zero weights cannot sum to 1 either, and each factor gets its own warning.
      expect(codes(result)).toContain(FINDING_CODES.weightSum)
      expect(codes(result).filter((c) => c === FINDING_CODES.zeroWeight)).toHaveLength(6)
      const noPositive = result.findings.find((f) => f.code === FINDING_CODES.noPositiveWeight)
      expect(noPositive?.path).toEqual(['factors'])
    })
  })

  test('factor ids are unique', () => {
    const m = base()
    m.factors[3]!.id = 'lin'
    const f = onlyFinding(m, FINDING_CODES.duplicateFactorId, ['factors', 3, 'id'])
    expect(f.message).toContain('"lin"')
    expect(f.hint).toContain('"lin-2"')
  })

  describe('transform parameters', () => {
    test('linear min < max: reversed and equal ranges are errors', () => {
      onlyFinding(withTransform(0, { kind: 'linear', min: 10, max: 0 }), FINDING_CODES.rangeOrder, [
        'factors',
        0,
        'transform',
        'min',
      ])
      const f = onlyFinding(
        withTransform(0, { kind: 'linear', min: 5, max: 5 }),
        FINDING_CODES.rangeOrder,
        ['factors', 0, 'transform', 'min'],
      )
      expect(f.message).toContain('min 5 must be less than max 5')
    })

    test('log min < max', () => {
      onlyFinding(withTransform(1, { kind: 'log', min: 100, max: 10 }), FINDING_CODES.rangeOrder, [
        'factors',
        1,
        'transform',
        'min',
      ])
    })

    test('log min > 0: zero and negative mins are errors', () => {
      for (const min of [0, -1]) {
        const f = onlyFinding(
          withTransform(1, { kind: 'log', min, max: 10 }),
          FINDING_CODES.logMinNotPositive,
          ['factors', 1, 'transform', 'min'],
        )
        expect(f.message).toContain(`min is ${min}`)
      }
      expect(validateModel(withTransform(1, { kind: 'log', min: 1e-9, max: 10 })).findings).toEqual(
        [],
      )
    })

    test('halfLifeDays > 0', () => {
      for (const halfLifeDays of [0, -3]) {
        onlyFinding(
          withTransform(5, { kind: 'recency', halfLifeDays }),
          FINDING_CODES.halfLifeNotPositive,
          ['factors', 5, 'transform', 'halfLifeDays'],
        )
      }
    })

    test('bucket edges strictly increase: each offending edge is named', () => {
      const result = validateModel(
        withTransform(2, { kind: 'buckets', edges: [5, 5, 1, 7], scores: [0, 0.2, 0.4, 0.6, 1] }),
      )
      expect(result.findings.map((f) => [f.code, f.path])).toEqual([
        [FINDING_CODES.edgesNotIncreasing, ['factors', 2, 'transform', 'edges', 1]],
        [FINDING_CODES.edgesNotIncreasing, ['factors', 2, 'transform', 'edges', 2]],
      ])
    })

    test('scores has edges.length + 1 entries', () => {
      const few = onlyFinding(
        withTransform(2, { kind: 'buckets', edges: [1, 5], scores: [0, 1] }),
        FINDING_CODES.scoresLength,
        ['factors', 2, 'transform', 'scores'],
      )
      expect(few.message).toContain('need 3 scores')
      expect(few.hint).toContain('Add 1 score')
      const many = onlyFinding(
        withTransform(2, { kind: 'buckets', edges: [], scores: [0, 1] }),
        FINDING_CODES.scoresLength,
        ['factors', 2, 'transform', 'scores'],
      )
      expect(many.hint).toContain('Remove 1 score')
    })
  })

  describe('every score lies in [0, 1], with the path to the exact value', () => {
    const cases: [string, Model, Finding['path']][] = [
      [
        'a bucket score',
        withTransform(2, { kind: 'buckets', edges: [1, 5], scores: [0, 1.5, 1] }),
        ['factors', 2, 'transform', 'scores', 1],
      ],
      [
        'a map value',
        withTransform(3, { kind: 'category', map: { a: 1, 'b c': -0.5 }, default: 0 }),
        ['factors', 3, 'transform', 'map', 'b c'],
      ],
      [
        'a category default',
        withTransform(3, { kind: 'category', map: {}, default: 2 }),
        ['factors', 3, 'transform', 'default'],
      ],
      [
        'whenTrue',
        withTransform(4, { kind: 'boolean', whenTrue: 1.01, whenFalse: 0 }),
        ['factors', 4, 'transform', 'whenTrue'],
      ],
      [
        'whenFalse',
        withTransform(4, { kind: 'boolean', whenTrue: 1, whenFalse: -1e-9 }),
        ['factors', 4, 'transform', 'whenFalse'],
      ],
    ]
    test.each(cases)('%s', (_, model, path) => {
      onlyFinding(model, FINDING_CODES.scoreRange, path)
    })

    test('a factor’s missing score, for every kind', () => {
      for (let i = 0; i < 6; i++) {
        const m = base()
        m.factors[i]!.missing = i % 2 === 0 ? 1.5 : -0.1
        onlyFinding(m, FINDING_CODES.scoreRange, ['factors', i, 'missing'])
      }
    })

    test('0 and 1 themselves are in range', () => {
      const m = withTransform(3, { kind: 'category', map: { a: 0, b: 1 }, default: 1 })
      m.factors[0]!.missing = 1
      expect(validateModel(m).findings).toEqual([])
    })
  })

  describe('tiers', () => {
    test('mins strictly decrease', () => {
      const m = base()
      m.tiers = [
        { name: 'A', min: 0.3 },
        { name: 'B', min: 0.6 },
        { name: 'C', min: 0 },
      ]
      const f = onlyFinding(m, FINDING_CODES.tierOrder, ['tiers', 1, 'min'])
      expect(f.message).toContain('"B"')
      const equal = base()
      equal.tiers[1]!.min = 0.6
      onlyFinding(equal, FINDING_CODES.tierOrder, ['tiers', 1, 'min'])
    })

    test('the last min is 0', () => {
      const positive = base()
      positive.tiers[2]!.min = 0.1
      onlyFinding(positive, FINDING_CODES.lastTierMin, ['tiers', 2, 'min'])
      const negative = base()
      negative.tiers[2]!.min = -0.1
      onlyFinding(negative, FINDING_CODES.lastTierMin, ['tiers', 2, 'min'])
      const single = base()
      single.tiers = [{ name: 'only', min: 0.5 }]
      onlyFinding(single, FINDING_CODES.lastTierMin, ['tiers', 0, 'min'])
    })

    test('a single tier at 0 is valid', () => {
      const m = base()
      m.tiers = [{ name: 'all', min: 0 }]
      expect(validateModel(m).ok).toBe(true)
    })
  })

  describe('dataset fields', () => {
    test('a field the dataset lacks is a warning saying its leads score `missing`', () => {
      const fields = ['lin', 'lg', 'bk', 'cat', 'Bool']
      const result = validateModel(base(), { datasetFields: fields })
      expect(result.ok).toBe(true)
      expect(result.findings.map((f) => [f.code, f.severity, f.path])).toEqual([
        [FINDING_CODES.fieldNotInDataset, 'warning', ['factors', 4, 'field']],
        [FINDING_CODES.fieldNotInDataset, 'warning', ['factors', 5, 'field']],
      ])
      expect(result.findings[0]?.message).toContain('`missing`')
      expect(result.findings[0]?.hint).toContain('"Bool"')
    })

    test('without datasetFields no field is checked', () => {
      expect(validateModel(base(), {}).findings).toEqual([])
      expect(validateModel(base(), { datasetFields: [] }).findings).toHaveLength(6)
    })
  })

  test('several broken rules are all reported at once', () => {
    const m = base()
    m.factors[0]!.transform = { kind: 'linear', min: 1, max: 0 }
    m.factors[5]!.transform = { kind: 'recency', halfLifeDays: 0 }
    m.tiers[2]!.min = 0.2
    m.factors[3]!.id = 'lg'
    expect(new Set(codes(validateModel(m)))).toEqual(
      new Set([
        FINDING_CODES.rangeOrder,
        FINDING_CODES.halfLifeNotPositive,
        FINDING_CODES.lastTierMin,
        FINDING_CODES.duplicateFactorId,
      ]),
    )
  })
})
