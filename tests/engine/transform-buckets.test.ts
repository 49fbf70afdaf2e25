import { describe, expect, test } from 'vitest'
import type { Transform } from '../../shared/model-schema.ts'
import { ABSENT, factorModel, valueOf, valuesOf } from './support/score-everywhere.ts'

const buckets: Transform = { kind: 'buckets', edges: [1, 3, 10], scores: [0, 0.3, 0.7, 1] }

describe('buckets: v = scores[k], k = number of edges e with x ≥ e', () => {
  test('below the first edge is scores[0]', () => {
    expect(valuesOf(factorModel(buckets), [0, 0.999, -100])).toEqual([0, 0, 0])
  })

  test('x equal to an edge goes up to the next bucket', () => {
    expect(valuesOf(factorModel(buckets), [1, 3, 10])).toEqual([0.3, 0.7, 1])
  })

  test('between edges and above the last edge', () => {
    expect(valuesOf(factorModel(buckets), [2, 2.999, 5, 9.999, 11, 1e9])).toEqual([
      0.3, 0.3, 0.7, 0.7, 1, 1,
    ])
  })

  test('just below an edge stays in the lower bucket', () => {
    expect(valueOf(buckets, 3 - Number.EPSILON * 2)).toBe(0.3)
  })

  test('no edges: a single score for every present number', () => {
    const single: Transform = { kind: 'buckets', edges: [], scores: [0.4] }
    expect(valuesOf(factorModel(single, 0.9), [-5, 0, 5, ABSENT])).toEqual([0.4, 0.4, 0.4, 0.9])
  })

  test('negative and fractional edges', () => {
    const t: Transform = { kind: 'buckets', edges: [-2.5, 0, 0.5], scores: [1, 0.5, 0.25, 0] }
    expect(valuesOf(factorModel(t), [-3, -2.5, -0, 0.25, 0.5])).toEqual([1, 0.5, 0.25, 0.25, 0])
  })

  test('four edges and six: every bucket reached at its edge, none before it', () => {
    for (const count of [4, 6]) {
      const edges = Array.from({ length: count }, (_, e) => e + 1)
      const scores = Array.from({ length: count + 1 }, (_, k) => k / count)
      const t: Transform = { kind: 'buckets', edges, scores }
      const xs = edges.flatMap((e) => [e - 0.5, e])
      expect(valuesOf(factorModel(t, 0.5), [...xs, 1e300, ABSENT])).toEqual([
        ...edges.flatMap((e) => [scores[e - 1], scores[e]]),
        1,
        0.5,
      ])
    }
  })

  test('numeric strings are read as numbers, edge rule included', () => {
    expect(valuesOf(factorModel(buckets), [' 3 ', '1e1', '0x2', '2.0'])).toEqual([0.7, 1, 0.3, 0.3])
  })

  test('missing and unreadable values score `missing`', () => {
    const raws = [ABSENT, null, undefined, '', '  ', 'ten', true, false, NaN, -Infinity]
    expect(valuesOf(factorModel(buckets, 0.5), raws)).toEqual(raws.map(() => 0.5))
  })

  test("a draft's edges out of order: the count stops at the first edge x does not reach", () => {
    const unsorted: Transform = { kind: 'buckets', edges: [1, 10, 3], scores: [0, 0.3, 0.7, 1] }
    expect(valuesOf(factorModel(unsorted, 0.5), [0, 2, 5, 10, 20, ABSENT, 'ten'])).toEqual([
      0, 0.3, 0.3, 1, 1, 0.5, 0.5,
    ])
  })
})
