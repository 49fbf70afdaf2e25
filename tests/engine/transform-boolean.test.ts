import { describe, expect, test } from 'vitest'
import type { Transform } from '../../shared/model-schema.ts'
import { ABSENT, factorModel, valuesOf } from './support/score-everywhere.ts'

const flag: Transform = { kind: 'boolean', whenTrue: 0.9, whenFalse: 0.15 }

describe('boolean: exactly the listed values, case-sensitive and untrimmed', () => {
  test('true, "true", "yes", "1", 1 score whenTrue', () => {
    expect(valuesOf(factorModel(flag), [true, 'true', 'yes', '1', 1])).toEqual([
      0.9, 0.9, 0.9, 0.9, 0.9,
    ])
  })

  test('false, "false", "no", "0", 0 score whenFalse', () => {
    expect(valuesOf(factorModel(flag), [false, 'false', 'no', '0', 0])).toEqual([
      0.15, 0.15, 0.15, 0.15, 0.15,
    ])
  })

  test('other spellings, padding and numbers are missing', () => {
    const raws = ['Yes', 'YES', 'True', 'FALSE', 'No', ' yes', 'no ', 'y', 'n', 'on', 'off']
    const more = ['01', '1.0', ' 1', 2, -1, 0.5, NaN, 'null', [], {}]
    expect(valuesOf(factorModel(flag, 0.4), [...raws, ...more])).toEqual(
      [...raws, ...more].map(() => 0.4),
    )
  })

  test('empty strings, null, undefined and an absent field are missing', () => {
    const raws = [ABSENT, null, undefined, '', '  ']
    expect(valuesOf(factorModel(flag, 0.4), raws)).toEqual(raws.map(() => 0.4))
  })

  test('whenFalse may be higher than whenTrue', () => {
    const reversed: Transform = { kind: 'boolean', whenTrue: 0, whenFalse: 1 }
    expect(valuesOf(factorModel(reversed, 0.5), [true, 'no', ABSENT])).toEqual([0, 1, 0.5])
  })
})
