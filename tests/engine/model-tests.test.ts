import { describe, expect, test } from 'vitest'
import { runModelTests } from '../../engine/run-model-tests.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Model, ModelTest } from '../../shared/model-schema.ts'

const DAY = '2026-01-01T00:00:00Z'

/** size (linear 0..100, missing 0.2) and recency (half-life 10 days), half the weight each. */
function modelWith(tests: ModelTest[]): Model {
  return {
    id: 'golden',
    name: 'Golden leads',
    factors: [
      {
        id: 'size',
        label: 'Size',
        field: 'employees',
        weight: 0.5,
        missing: 0.2,
        transform: { kind: 'linear', min: 0, max: 100 },
      },
      {
        id: 'recent',
        label: 'Recent',
        field: 'last_seen',
        weight: 0.5,
        missing: 0,
        transform: { kind: 'recency', halfLifeDays: 10 },
      },
    ],
    tiers: [
      { name: 'A', min: 0.7 },
      { name: 'B', min: 0.4 },
      { name: 'C', min: 0 },
    ],
    tests,
  }
}

const bigAndFresh = { employees: 100, last_seen: DAY }

function goldenTest(id: string, rest: Partial<ModelTest>): ModelTest {
  return { id, asOf: DAY, lead: bigAndFresh, expect: { tier: 'A' }, ...rest }
}

function failures(model: Model) {
  return validateModel(model).findings.filter((f) => f.code === FINDING_CODES.testFailed)
}

describe('model tests', () => {
  test('a lead that meets its tier and bounds passes, and the model stays valid', () => {
    const model = modelWith([
      goldenTest('tier-a', { expect: { tier: 'A', minTotal: 0.99, maxTotal: 1 } }),
    ])
    const result = validateModel(model)
    expect(result.findings).toEqual([])
    expect(result.ok).toBe(true)
  })

  test('a wrong tier is an error finding carrying the actual total and tier', () => {
    const model = modelWith([
      goldenTest('should-be-c', { label: 'Key account', expect: { tier: 'C' } }),
    ])
    const result = validateModel(model)
    expect(result.ok).toBe(false)
    const [finding] = failures(model)
    expect(finding).toMatchObject({ severity: 'error', path: ['tests', 0] })
    expect(finding?.message).toContain('Key account')
    expect(finding?.message).toContain('expected tier C')
    expect(finding?.message).toContain('scored 1 (tier A)')
  })

  test('bounds hold with the 1e-9 tolerance and fail beyond it', () => {
    // 0.5 × 0.3 + 0.5 × 1: a total whose last bits depend on float addition.
    const lead = { employees: 30, last_seen: DAY }
    const total = runModelTests(modelWith([goldenTest('t', { lead })]))[0]?.total ?? NaN
    const within = modelWith([
      goldenTest('min', { lead, expect: { minTotal: total + 5e-10 } }),
      goldenTest('max', { lead, expect: { maxTotal: total - 5e-10 } }),
    ])
    expect(failures(within)).toEqual([])
    const beyond = modelWith([
      goldenTest('min', { lead, expect: { minTotal: total + 2e-9 } }),
      goldenTest('max', { lead, expect: { maxTotal: total - 2e-9 } }),
    ])
    expect(failures(beyond).map((f) => f.path)).toEqual([
      ['tests', 0],
      ['tests', 1],
    ])
    expect(failures(beyond)[0]?.message).toContain('expected a total of at least')
    expect(failures(beyond)[1]?.message).toContain('expected a total of at most')
  })

  test("each test scores at its own asOf, so recency decays from the test's instant", () => {
    const results = runModelTests(
      modelWith([
        goldenTest('same-day', {}),
        goldenTest('ten-days', { asOf: '2026-01-11T00:00:00Z' }),
        goldenTest('twenty-days', { asOf: '2026-01-21T00:00:00+00:00' }),
      ]),
    )
    expect(results.map((r) => [r.total, r.tier, r.pass])).toEqual([
      [1, 'A', true],
      [0.75, 'A', true],
      [0.625, 'B', false],
    ])
  })

  test("a test whose lead lacks a factor's field scores that factor's missing value", () => {
    const model = modelWith([
      goldenTest('no-size', { lead: { last_seen: DAY }, expect: { maxTotal: 0.55 } }),
    ])
    const [finding] = failures(model)
    expect(finding?.message).toContain('scored 0.6 (tier B)')
  })

  test('a tier the model does not have fails with that said', () => {
    const [finding] = failures(modelWith([goldenTest('gold', { expect: { tier: 'Gold' } })]))
    expect(finding?.message).toContain('expected tier Gold, which the model does not have')
  })

  test('two tests with one id are an error', () => {
    const result = validateModel(modelWith([goldenTest('dup', {}), goldenTest('dup', {})]))
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      [FINDING_CODES.duplicateTestId, ['tests', 1, 'id']],
    ])
  })

  test('a test needs an ISO instant and at least one expectation (schema findings)', () => {
    const model = modelWith([
      goldenTest('no-expect', { expect: {} }),
      goldenTest('bad-as-of', { asOf: '1 Jan 2026' }),
    ])
    const result = validateModel(model)
    expect(result.ok).toBe(false)
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      [FINDING_CODES.schema, ['tests', 0, 'expect']],
      [FINDING_CODES.schema, ['tests', 1, 'asOf']],
    ])
  })

  test('a model without tests validates as before', () => {
    const { tests: _, ...model } = modelWith([])
    expect(validateModel(model)).toMatchObject({ ok: true, findings: [] })
  })
})
