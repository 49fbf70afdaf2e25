import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { CategoryTransformSchema, ModelSchema } from '../../shared/model-schema.ts'

/** The demo model as JSON has it: its industry map (factor 1) also scores "__proto__" as an own key. */
function demoWithProtoKey(score: string): unknown {
  const json = JSON.stringify(DEMO_MODEL).replace(
    '"software":1',
    `"__proto__":${score},"software":1`,
  )
  return JSON.parse(json)
}

function industryMap(model: z.infer<typeof ModelSchema>): Record<string, number> {
  const transform = model.factors[1]!.transform
  if (transform.kind !== 'category') throw new Error('factor 1 of the demo model is a category')
  return transform.map
}

/** zod's own record of numbers: the issues a category map reported before it kept "__proto__". */
const NumberRecord = z.record(z.string(), z.number())

describe('a category map keeps every own key through the schema parse', () => {
  test('an own "__proto__" key stays an own data property and sets no prototype', () => {
    const map = industryMap(ModelSchema.parse(demoWithProtoKey('0.95')))
    expect(Object.getOwnPropertyDescriptor(map, '__proto__')).toEqual({
      value: 0.95,
      writable: true,
      enumerable: true,
      configurable: true,
    })
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype)
    expect(Object.keys(map)[0]).toBe('__proto__')
    expect(Object.keys(map).slice(1)).toEqual(Object.keys(industryMap(DEMO_MODEL)))
  })

  test('keys that name Object.prototype members are kept with their own scores', () => {
    const map = { constructor: 0.7, toString: 0.2, hasOwnProperty: 0, valueOf: 1 }
    const parsed = CategoryTransformSchema.parse({ kind: 'category', map, default: 0 })
    expect(Object.entries(parsed.map)).toEqual(Object.entries(map))
  })

  test('an own "__proto__" key must hold a number, reported at its path as any other key', () => {
    const parsed = ModelSchema.safeParse(demoWithProtoKey('"high"'))
    expect(parsed.success).toBe(false)
    const path = ['factors', 1, 'transform', 'map', '__proto__']
    const [issue, ...rest] = parsed.error?.issues ?? []
    expect(rest).toEqual([])
    const expected = NumberRecord.safeParse({ other: 'high' }).error?.issues[0]
    expect(issue).toEqual({ ...expected, path })
  })

  test('the map reports the issues zod reports for a record of numbers', () => {
    const inputs: unknown[] = [
      undefined,
      null,
      'x',
      [1],
      1,
      { a: 'x', b: NaN, c: 1, d: Infinity, e: null, f: {} },
      { constructor: '1', toString: true },
      Object.assign(Object.create(null), { a: 'x' }),
    ]
    for (const map of inputs) {
      const parsed = CategoryTransformSchema.safeParse({ kind: 'category', map, default: 0 })
      const reference = z.object({ map: NumberRecord }).safeParse({ map })
      expect(parsed.error?.issues, JSON.stringify(map)).toEqual(reference.error?.issues)
    }
  })

  test('issues come in the order of the keys, "__proto__" in its place', () => {
    const map = JSON.parse('{"a":"x","__proto__":"y","b":"z","c":1}')
    const parsed = CategoryTransformSchema.safeParse({ kind: 'category', map, default: 0 })
    expect(parsed.error?.issues.map((issue) => issue.path)).toEqual([
      ['map', 'a'],
      ['map', '__proto__'],
      ['map', 'b'],
    ])
  })

  test('a missing map is reported, as a missing required key', () => {
    const parsed = CategoryTransformSchema.safeParse({ kind: 'category', default: 0 })
    const reference = z.object({ map: NumberRecord }).safeParse({})
    expect(parsed.error?.issues).toEqual(reference.error?.issues)
  })
})

describe('the category map as JSON Schema (the OpenAPI document is made from it)', () => {
  test.each(['input', 'output'] as const)('%s: a required object of numbers, as a record', (io) => {
    const schema = z.toJSONSchema(CategoryTransformSchema, { io, unrepresentable: 'any' })
    const { $schema: _ignored, ...record } = z.toJSONSchema(NumberRecord, { io })
    expect(record.additionalProperties).toEqual({ type: 'number' })
    expect(schema.properties?.map).toEqual(record)
    expect(schema.required).toContain('map')
  })
})
