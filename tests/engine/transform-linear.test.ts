import { describe, expect, test } from 'vitest'
import type { Transform } from '../../shared/model-schema.ts'
import { ABSENT, factorModel, valueOf, valuesOf } from './support/score-everywhere.ts'

const linear: Transform = { kind: 'linear', min: 10, max: 110 }
const inverted: Transform = { kind: 'linear', min: 10, max: 110, invert: true }

describe('linear: v = clamp((x − min) / (max − min), 0, 1)', () => {
  test('x between min and max scales proportionally', () => {
    expect(valueOf(linear, 35)).toBe((35 - 10) / (110 - 10))
    expect(valueOf(linear, 60)).toBe(0.5)
    expect(valueOf(linear, 10.5)).toBe((10.5 - 10) / 100)
  })

  test('x at min is 0 and at max is 1', () => {
    expect(valueOf(linear, 10)).toBe(0)
    expect(valueOf(linear, 110)).toBe(1)
  })

  test('x below min clamps to 0 and above max clamps to 1', () => {
    expect(valuesOf(factorModel(linear), [9.999, -1e9, 110.001, 1e12])).toEqual([0, 0, 1, 1])
  })

  test('a negative range works like any other', () => {
    const t: Transform = { kind: 'linear', min: -50, max: -10 }
    expect(valueOf(t, -40)).toBe((-40 - -50) / (-10 - -50))
    expect(valueOf(t, 0)).toBe(1)
  })

  test('invert gives 1 − v, clamped ends included', () => {
    expect(valueOf(inverted, 35)).toBe(1 - (35 - 10) / (110 - 10))
    expect(valueOf(inverted, 10)).toBe(1)
    expect(valueOf(inverted, 110)).toBe(0)
    expect(valueOf(inverted, -5)).toBe(1)
    expect(valueOf(inverted, 500)).toBe(0)
  })

  test('invert: false is the same as no invert', () => {
    expect(valueOf({ ...linear, invert: false }, 35)).toBe(valueOf(linear, 35))
  })

  test('a missing value scores `missing` as is: invert does not apply', () => {
    for (const raw of [ABSENT, null, undefined, '', '   ']) {
      expect(valueOf(inverted, raw, { missing: 0.3 })).toBe(0.3)
      expect(valueOf(linear, raw, { missing: 0.3 })).toBe(0.3)
    }
  })

  test('strings that Number() reads as finite after trimming are numbers', () => {
    expect(valueOf(linear, ' 35 ')).toBe((35 - 10) / 100)
    expect(valueOf(linear, '\t60\n')).toBe(0.5)
    expect(valueOf(linear, '1e1')).toBe(0)
    expect(valueOf(linear, '0x10')).toBe((16 - 10) / 100)
    expect(valueOf(linear, '-0')).toBe(0)
    expect(valueOf(linear, '35.')).toBe((35 - 10) / 100)
  })

  test('non-numeric strings, booleans, NaN, infinities and objects are missing', () => {
    const raws = ['abc', '35 kg', '1,5', 'Infinity', '-Infinity', 'NaN', true, false]
    const more = [NaN, Infinity, -Infinity, [], {}, [35]]
    expect(valuesOf(factorModel(linear, 0.7), [...raws, ...more])).toEqual(
      [...raws, ...more].map(() => 0.7),
    )
  })
})
