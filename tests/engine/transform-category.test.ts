import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { validateModel } from '../../engine/validate-model.ts'
import type { Transform } from '../../shared/model-schema.ts'
import {
  ABSENT,
  AS_OF,
  factorModel,
  scoreEverywhere,
  valueOf,
  valuesOf,
} from './support/score-everywhere.ts'

const industry: Transform = {
  kind: 'category',
  map: { software: 1, fintech: 0.9, '1': 0.6, true: 0.55, 'Big Co': 0.8 },
  default: 0.2,
}

describe('category: v = map[String(x)] for an own key, else default', () => {
  test('an exact key scores its value', () => {
    expect(valuesOf(factorModel(industry), ['software', 'fintech', 'Big Co'])).toEqual([
      1, 0.9, 0.8,
    ])
  })

  test('no trimming and no case folding: near misses score default', () => {
    const raws = [' software', 'software ', 'Software', 'SOFTWARE', 'big co', 'Big  Co']
    expect(valuesOf(factorModel(industry), raws)).toEqual(raws.map(() => 0.2))
  })

  test('numbers and booleans are looked up as String(x)', () => {
    expect(valueOf(industry, 1)).toBe(0.6)
    expect(valueOf(industry, '1')).toBe(0.6)
    expect(valueOf(industry, true)).toBe(0.55)
    expect(valueOf(industry, 1.0)).toBe(0.6)
    expect(valueOf(industry, 2)).toBe(0.2)
    expect(valueOf(industry, false)).toBe(0.2)
    expect(valueOf(industry, ' 1')).toBe(0.2)
  })

  test('inherited names are not keys: "__proto__", "constructor", "toString" score default', () => {
    const raws = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']
    expect(valuesOf(factorModel(industry), raws)).toEqual(raws.map(() => 0.2))
  })

  test('"constructor" and "__proto__" are keys when the map owns them', () => {
    const map = JSON.parse('{"__proto__": 0.75, "constructor": 0.35}') as Record<string, number>
    const model = factorModel({ kind: 'category', map, default: 0.1 })
    expect(valuesOf(model, ['__proto__', 'constructor', 'toString'])).toEqual([0.75, 0.35, 0.1])
  })

  test('a "__proto__" key written in model JSON survives validation and scores', () => {
    const json = JSON.stringify(factorModel({ kind: 'category', map: {}, default: 0.1 })).replace(
      '"map":{}',
      '"map":{"__proto__":0.75,"a":0.5}',
    )
    const result = validateModel(JSON.parse(json))
    expect(result.ok).toBe(true)
    const model = result.model
    if (model === null) throw new Error('expected a parsed model')
    expect(valuesOf(model, ['__proto__', 'a', 'b'])).toEqual([0.75, 0.5, 0.1])
    const compiled = compileModel(model)
    expect(scoreLead(compiled, { x: '__proto__' }, { asOf: AS_OF }).total).toBe(0.75)
  })

  test('empty and whitespace strings, null, undefined and an absent field score `missing`', () => {
    const withBlankKey: Transform = { kind: 'category', map: { '': 1, ' ': 1 }, default: 0.2 }
    const raws = [ABSENT, null, undefined, '', ' ', '\t\n']
    expect(valuesOf(factorModel(withBlankKey, 0.45), raws)).toEqual(raws.map(() => 0.45))
  })

  test('a field inherited from Object.prototype is absent, not a value', () => {
    const model = {
      ...factorModel(industry, 0.45),
      factors: [{ ...factorModel(industry, 0.45).factors[0]!, field: 'constructor' }],
    }
    const [result] = scoreEverywhere(model, [{}])
    expect(result?.total).toBe(0.45)
  })

  test('arrays and objects are present: looked up as String(x), computed without recursion', () => {
    const map = { software: 1, 'a,b': 0.7, '[object Object]': 0.3 }
    const shallow = [['software'], ['a', 'b'], [['a'], [null, 'b']], {}, [], [[]]]
    // A JSON lead can nest arrays far deeper than String() can recurse.
    const deep = JSON.parse(`${'['.repeat(200_000)}"software"${']'.repeat(200_000)}`) as unknown
    expect(() => String(deep)).toThrow(RangeError)
    const cyclic: unknown[] = ['a']
    cyclic.push(cyclic, 'b')
    const model = factorModel({ kind: 'category', map, default: 0.2 }, 0.45)
    expect(valuesOf(model, shallow)).toEqual(
      shallow.map((raw) => (Object.hasOwn(map, String(raw)) ? map[String(raw) as 'a,b'] : 0.2)),
    )
    expect(valuesOf(model, [deep, cyclic])).toEqual([1, 0.2])
    expect(String(cyclic)).toBe('a,,b')
    expect(valueOf({ kind: 'category', map: { 'a,,b': 0.9 }, default: 0.2 }, cyclic)).toBe(0.9)
    // Values String() cannot convert read as their plain counterparts instead of throwing.
    expect(valuesOf(model, [Object.create(null), [Symbol('s')]])).toEqual([0.3, 0.2])
  })

  test('a nested value is never missing and never throws in the other transforms either', () => {
    const deep = JSON.parse(`${'['.repeat(200_000)}1${']'.repeat(200_000)}`) as unknown
    const transforms: Transform[] = [
      { kind: 'linear', min: 0, max: 10 },
      { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
      { kind: 'recency', halfLifeDays: 30 },
    ]
    for (const transform of transforms)
      expect(valueOf(transform, deep, { missing: 0.45 })).toBe(0.45)
  })
})
