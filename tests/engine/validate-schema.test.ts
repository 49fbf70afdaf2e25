import { describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import { FindingSchema } from '../../shared/finding-schema.ts'

/** A deep copy of the demo model as plain JSON, free to break. */
function demoJson(): Record<string, unknown> & {
  factors: Record<string, unknown>[]
  tiers: Record<string, unknown>[]
} {
  return JSON.parse(JSON.stringify(DEMO_MODEL))
}

function schemaFindingsOf(input: unknown) {
  const result = validateModel(input)
  expect(result.ok).toBe(false)
  expect(result.model).toBeNull()
  for (const f of result.findings) {
    expect(FindingSchema.parse(f)).toEqual(f)
    expect(f.code).toBe(FINDING_CODES.schema)
    expect(f.severity).toBe('error')
    expect(f.message.length).toBeGreaterThan(10)
    expect(f.hint.length).toBeGreaterThan(5)
  }
  return result.findings
}

describe('validateModel step 1: the strict schema', () => {
  test('the demo model passes with no findings and is returned parsed', () => {
    const result = validateModel(demoJson())
    expect(result).toEqual({ ok: true, model: DEMO_MODEL, findings: [] })
  })

  test('a weight written as the string "0.25" is an error, never coerced', () => {
    const input = demoJson()
    input.factors[0]!.weight = '0.25'
    const [finding, ...rest] = schemaFindingsOf(input)
    expect(rest).toEqual([])
    expect(finding?.path).toEqual(['factors', 0, 'weight'])
    expect(finding?.message).toContain('must be a JSON number')
    expect(finding?.message).toContain('the string "0.25"')
    expect(finding?.hint).toContain('0.25 without quotes')
  })

  test('a boolean written as a string is an error', () => {
    const input = demoJson()
    ;(input.factors[4]!.transform as Record<string, unknown>).invert = 'true'
    const [finding] = schemaFindingsOf(input)
    expect(finding?.path).toEqual(['factors', 4, 'transform', 'invert'])
    expect(finding?.message).toContain('boolean')
    expect(finding?.hint).toContain('true without quotes')
  })

  test('NaN and Infinity are errors wherever a number goes', () => {
    const input = demoJson()
    input.factors[0]!.weight = NaN
    input.factors[1]!.missing = Infinity
    ;(input.factors[2]!.transform as { edges: number[] }).edges[1] = -Infinity
    ;(input.factors[1]!.transform as { map: Record<string, number> }).map.retail = NaN
    input.tiers[0]!.min = NaN
    const findings = schemaFindingsOf(input)
    expect(findings.map((f) => f.path)).toEqual([
      ['factors', 0, 'weight'],
      ['factors', 1, 'missing'],
      ['factors', 1, 'transform', 'map', 'retail'],
      ['factors', 2, 'transform', 'edges', 1],
      ['tiers', 0, 'min'],
    ])
    expect(findings[0]?.message).toContain('finite number')
    expect(findings[0]?.message).toContain('NaN')
    expect(findings[1]?.message).toContain('Infinity')
  })

  test('an unknown transform kind is an error that lists the kinds', () => {
    const input = demoJson()
    input.factors[3]!.transform = { kind: 'sigmoid', k: 2 }
    const [finding] = schemaFindingsOf(input)
    expect(finding?.path).toEqual(['factors', 3, 'transform', 'kind'])
    expect(finding?.message).toContain('"sigmoid"')
    expect(finding?.hint).toContain('linear, log, buckets, category, boolean, recency')
  })

  test('a mis-cased kind gets a suggestion', () => {
    const input = demoJson()
    input.factors[3]!.transform = { kind: 'Linear', min: 0, max: 1 }
    const [finding] = schemaFindingsOf(input)
    expect(finding?.hint).toContain('Did you mean "linear"?')
  })

  test('a transform without a kind is an error', () => {
    const input = demoJson()
    input.factors[3]!.transform = { min: 0, max: 1 }
    const [finding] = schemaFindingsOf(input)
    expect(finding?.path).toEqual(['factors', 3, 'transform', 'kind'])
    expect(finding?.message).toContain('no kind')
  })

  test('unknown keys are errors, with the allowed keys in the hint', () => {
    const input = demoJson()
    ;(input.factors[4]!.transform as Record<string, unknown>).invrt = true
    input.tiers[0]!.color = 'red'
    input.owner = 'me'
    const findings = schemaFindingsOf(input)
    const byPath = new Map(findings.map((f) => [JSON.stringify(f.path), f]))
    const transform = byPath.get('["factors",4,"transform"]')
    expect(transform?.message).toContain('"invrt"')
    expect(transform?.hint).toContain('"invrt" → "invert"')
    expect(byPath.get('["tiers",0]')?.hint).toContain('name, min')
    expect(byPath.get('[]')?.message).toContain('"owner"')
    expect(findings).toHaveLength(3)
  })

  test('a missing required key is named', () => {
    const input = demoJson()
    delete input.factors[6]!.field
    delete (input.factors[6]!.transform as Record<string, unknown>).halfLifeDays
    const findings = schemaFindingsOf(input)
    expect(findings.map((f) => f.path)).toEqual([
      ['factors', 6, 'field'],
      ['factors', 6, 'transform', 'halfLifeDays'],
    ])
    expect(findings[0]?.message).toContain('missing')
    expect(findings[1]?.hint).toContain('"halfLifeDays"')
  })

  test('`missing` may be left out and defaults to 0', () => {
    const input = demoJson()
    delete input.factors[0]!.missing
    const result = validateModel(input)
    expect(result.ok).toBe(true)
    expect(result.model?.factors[0]?.missing).toBe(0)
  })

  test('an id that is not a slug is an error with a suggested slug', () => {
    const input = demoJson()
    input.factors[0]!.id = 'company size!'
    const [finding] = schemaFindingsOf(input)
    expect(finding?.path).toEqual(['factors', 0, 'id'])
    expect(finding?.message).toContain('slug')
    expect(finding?.hint).toContain('"company-size-"')
  })

  test('empty factor and tier lists and too many factors are errors', () => {
    expect(schemaFindingsOf({ ...demoJson(), factors: [] })[0]?.path).toEqual(['factors'])
    expect(schemaFindingsOf({ ...demoJson(), tiers: [] })[0]?.hint).toContain('min 0')
    const many = Array.from({ length: 65 }, (_, i) => ({ ...DEMO_MODEL.factors[0], id: `f${i}` }))
    const [tooMany] = schemaFindingsOf({ ...demoJson(), factors: many })
    expect(tooMany?.message).toContain('65')
    expect(tooMany?.message).toContain('64')
  })

  test('an empty field name is an error', () => {
    const input = demoJson()
    input.factors[0]!.field = ''
    const [finding] = schemaFindingsOf(input)
    expect(finding?.path).toEqual(['factors', 0, 'field'])
    expect(finding?.message).toContain('must not be empty')
  })

  test('input that is not an object is an error at the root', () => {
    for (const input of [null, undefined, 42, 'model', []]) {
      const [finding] = schemaFindingsOf(input)
      expect(finding?.path).toEqual([])
      expect(finding?.message).toContain('JSON object')
    }
  })

  test('rules are not checked while the schema fails', () => {
    const input = demoJson()
    input.factors[0]!.weight = '0.25'
    input.factors[1]!.weight = 5
    const findings = schemaFindingsOf(input)
    expect(findings.map((f) => f.code)).toEqual([FINDING_CODES.schema])
  })

  test('an own "__proto__" map key must hold a number too', () => {
    const json = JSON.stringify(DEMO_MODEL).replace(
      '"software":1',
      '"__proto__":"high","software":1',
    )
    const [finding] = schemaFindingsOf(JSON.parse(json))
    expect(finding?.path).toEqual(['factors', 1, 'transform', 'map', '__proto__'])
    expect(finding?.message).toContain('the string "high"')
  })

  test('an own "__proto__" map key is kept and checked by the score rules', () => {
    const json = JSON.stringify(DEMO_MODEL).replace('"software":1', '"__proto__":1.5,"software":1')
    const result = validateModel(JSON.parse(json))
    expect(result.ok).toBe(false)
    expect(result.findings.map((f) => [f.code, f.path])).toEqual([
      [FINDING_CODES.scoreRange, ['factors', 1, 'transform', 'map', '__proto__']],
    ])
    const map = result.model?.factors[1]?.transform
    expect(map?.kind === 'category' && Object.hasOwn(map.map, '__proto__')).toBe(true)
  })

  test('validation does not change its input', () => {
    const input = demoJson()
    delete input.factors[0]!.missing
    const copy = JSON.parse(JSON.stringify(input))
    validateModel(input)
    expect(input).toEqual(copy)
  })
})
