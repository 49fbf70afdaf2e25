import { describe, expect, test } from 'vitest'
import type { Transform } from '../../shared/model-schema.ts'
import {
  ABSENT,
  AS_OF,
  MS_PER_DAY,
  factorModel,
  valueOf,
  valuesOf,
} from './support/score-everywhere.ts'

const HALF_LIFE = 14
const recency: Transform = { kind: 'recency', halfLifeDays: HALF_LIFE }
/**
 * DESIGN.md: days = max(0, asOf − x) / 86 400 000, v = 0.5^(days / halfLifeDays). The engine takes
 * exp(days × ln 0.5 / halfLife), equal to within a few ulps, so values are compared to 1e-12 (the
 * contract allows 1e-9); exact halvings (0.5, 0.25, 1) are still compared exactly.
 */
const expected = (epochMs: number, asOf = AS_OF): number =>
  Math.pow(0.5, Math.max(0, (asOf - epochMs) / MS_PER_DAY) / HALF_LIFE)

// AS_OF is 2024-06-15T12:00:00Z.
describe('recency: v = 0.5^(days / halfLifeDays)', () => {
  test('one half-life ago is 0.5, two half-lives 0.25, now is 1', () => {
    expect(valueOf(recency, AS_OF - HALF_LIFE * MS_PER_DAY)).toBe(0.5)
    expect(valueOf(recency, AS_OF - 2 * HALF_LIFE * MS_PER_DAY)).toBe(0.25)
    expect(valueOf(recency, AS_OF)).toBe(1)
  })

  test('days are fractional', () => {
    const sixHoursAgo = AS_OF - 6 * 3_600_000
    expect(valueOf(recency, sixHoursAgo)).toBeCloseTo(Math.pow(0.5, 0.25 / HALF_LIFE), 12)
  })

  test('future dates floor days at 0, so v = 1', () => {
    expect(valueOf(recency, AS_OF + 1)).toBe(1)
    expect(valueOf(recency, AS_OF + 365 * MS_PER_DAY)).toBe(1)
    expect(valueOf(recency, '2030-01-01T00:00:00Z')).toBe(1)
  })

  test('asOf is the option passed in, not the wall clock', () => {
    const x = Date.UTC(2020, 0, 1)
    const asOf = Date.UTC(2020, 0, 15)
    expect(valueOf(recency, x, { asOf })).toBe(0.5)
    expect(valueOf(recency, x, { asOf: Date.UTC(2020, 0, 29) })).toBe(0.25)
  })

  test('ISO-8601 date-times with an offset honour it', () => {
    expect(valueOf(recency, '2024-06-01T12:00:00Z')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01T14:00:00+02:00')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01T07:30:00-04:30')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01T12:00:00.000Z')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01T18:00:00+06:00')).toBeCloseTo(
      expected(Date.UTC(2024, 5, 1, 12)),
      12,
    )
  })

  test('ISO-8601 without an offset is UTC', () => {
    expect(valueOf(recency, '2024-06-01T12:00:00')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01T12:00')).toBe(0.5)
    expect(valueOf(recency, '2024-06-01')).toBeCloseTo(expected(Date.UTC(2024, 5, 1)), 12)
    expect(valueOf(recency, '2024-03-10T08:15:30.250')).toBe(
      expected(Date.UTC(2024, 2, 10, 8, 15, 30, 250)),
    )
  })

  test('numbers are epoch milliseconds', () => {
    expect(valueOf(recency, 1_700_000_000_000)).toBeCloseTo(expected(1_700_000_000_000), 12)
    expect(valueOf(recency, 0)).toBeCloseTo(expected(0), 12)
    expect(valueOf(recency, -5)).toBeCloseTo(expected(-5), 12)
  })

  test('digit strings (optional sign and decimal part) are epoch milliseconds', () => {
    expect(valueOf(recency, '1700000000000')).toBeCloseTo(expected(1_700_000_000_000), 12)
    expect(valueOf(recency, ' 1700000000000 ')).toBeCloseTo(expected(1_700_000_000_000), 12)
    expect(valueOf(recency, '-5')).toBeCloseTo(expected(-5), 12)
    expect(valueOf(recency, '12.5')).toBeCloseTo(expected(12.5), 12)
    expect(valueOf(recency, String(AS_OF - HALF_LIFE * MS_PER_DAY))).toBe(0.5)
  })

  test('unparseable values are missing', () => {
    const raws = [
      'yesterday',
      'June 1, 2024',
      '2024-13-01',
      '2024-02-30',
      '2023-02-29',
      '2024-06-01T25:00:00Z',
      '2024-06-01T12:60:00Z',
      '01/06/2024',
      '12e3',
      'NaN',
      // Epoch digits beyond a double's range: Infinity is no instant.
      `1${'0'.repeat(400)}`,
      `-1${'0'.repeat(400)}`,
      true,
      false,
      NaN,
      Infinity,
      {},
    ]
    expect(valuesOf(factorModel(recency, 0.05), raws)).toEqual(raws.map(() => 0.05))
  })

  test('a leap day is a date', () => {
    expect(valueOf(recency, '2024-02-29')).toBeCloseTo(expected(Date.UTC(2024, 1, 29)), 12)
  })

  test('empty strings, null, undefined and an absent field are missing', () => {
    const raws = [ABSENT, null, undefined, '', '   ']
    expect(valuesOf(factorModel(recency, 0.05), raws)).toEqual(raws.map(() => 0.05))
  })
})
