import { describe, expect, test } from 'vitest'
import type { Transform } from '../../shared/model-schema.ts'
import { ABSENT, factorModel, valueOf, valuesOf } from './support/score-everywhere.ts'

const log: Transform = { kind: 'log', min: 10, max: 10_000 }
const expected = (x: number): number =>
  Math.min(1, Math.max(0, (Math.log(x) - Math.log(10)) / (Math.log(10_000) - Math.log(10))))

describe('log: v = clamp((ln x − ln min) / (ln max − ln min), 0, 1)', () => {
  test('x between min and max scales by orders of magnitude', () => {
    expect(valueOf(log, 100)).toBeCloseTo(1 / 3, 15)
    expect(valueOf(log, 1000)).toBeCloseTo(2 / 3, 15)
    expect(valueOf(log, 250)).toBe(expected(250))
  })

  test('x at min is 0 and at max is 1', () => {
    expect(valueOf(log, 10)).toBe(0)
    expect(valueOf(log, 10_000)).toBe(1)
  })

  test('x below min (still positive) clamps to 0, above max clamps to 1', () => {
    expect(valuesOf(factorModel(log), [9.99, 0.5, 1e-300, 10_001, 1e300])).toEqual([0, 0, 0, 1, 1])
  })

  test('x ≤ 0 gives 0, not missing', () => {
    expect(valuesOf(factorModel(log, 0.6), [0, -0, -1, -1e9, '0', ' -3 '])).toEqual([
      0, 0, 0, 0, 0, 0,
    ])
  })

  test('numeric strings are read as numbers', () => {
    expect(valueOf(log, '1e3')).toBe(expected(1000))
    expect(valueOf(log, ' 250 ')).toBe(expected(250))
    expect(valueOf(log, '0x10')).toBe(expected(16))
  })

  test('missing and unreadable values score `missing`', () => {
    const raws = [ABSENT, null, undefined, '', ' ', 'lots', true, false, NaN, Infinity]
    expect(valuesOf(factorModel(log, 0.25), raws)).toEqual(raws.map(() => 0.25))
  })

  test("a draft's empty range (min = max): 0 up to it, 1 above, missing stays missing", () => {
    const empty: Transform = { kind: 'log', min: 10, max: 10 }
    expect(valuesOf(factorModel(empty, 0.25), [5, 10, 20, -1, ABSENT, 'lots'])).toEqual([
      0, 0, 1, 0, 0.25, 0.25,
    ])
  })
})
