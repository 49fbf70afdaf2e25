import { describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { normalizeModelWeights, normalizeWeights } from '../../engine/normalize-weights.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Model } from '../../shared/model-schema.ts'

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0)

describe('normalizeWeights', () => {
  test('scales weights to sum to 1, keeping their proportions', () => {
    expect(normalizeWeights([1, 1, 2])).toEqual([0.25, 0.25, 0.5])
    expect(normalizeWeights([0.2, 0.2])).toEqual([0.5, 0.5])
    expect(normalizeWeights([3])).toEqual([1])
    expect(normalizeWeights([0, 2, 0])).toEqual([0, 1, 0])
  })

  test('all-zero weights are returned unchanged, as a new array', () => {
    const zeros = [0, 0, 0]
    const out = normalizeWeights(zeros)
    expect(out).toEqual([0, 0, 0])
    expect(out).not.toBe(zeros)
    expect(normalizeWeights([])).toEqual([])
  })

  test('weights that cannot be scaled to 1 are returned unchanged', () => {
    expect(normalizeWeights([NaN, 1])).toEqual([NaN, 1])
    expect(normalizeWeights([Infinity, 1])).toEqual([Infinity, 1])
    expect(normalizeWeights([-1, -1])).toEqual([-1, -1])
    expect(normalizeWeights([-1, 1])).toEqual([-1, 1])
  })

  test('huge weights whose sum overflows still normalize', () => {
    const out = normalizeWeights([1e308, 1e308, 1e308])
    expect(out.every((w) => Math.abs(w - 1 / 3) < 1e-15)).toBe(true)
  })

  test('the input is not changed', () => {
    const weights = [0.3, 0.3]
    normalizeWeights(weights)
    expect(weights).toEqual([0.3, 0.3])
  })

  test('the floating error of the sum stays far within 1e-6', () => {
    const awkward = [
      Array.from({ length: 64 }, (_, i) => 1 / (i + 3)),
      Array.from({ length: 64 }, () => 0.1),
      [1e-300, 3e-300, 7e-300],
      [0.1, 0.2, 0.3, 1e-17],
      Array.from({ length: 7 }, (_, i) => Math.PI * (i + 1)),
    ]
    for (const weights of awkward) {
      const normalized = normalizeWeights(weights)
      expect(Math.abs(sum(normalized) - 1)).toBeLessThan(1e-12)
      for (let i = 0; i < weights.length; i++) {
        expect(normalized[i]).toBeCloseTo((weights[i] as number) / sum(weights), 15)
      }
    }
  })
})

describe('normalizeModelWeights', () => {
  const skewed: Model = {
    ...DEMO_MODEL,
    factors: DEMO_MODEL.factors.map((f, i) => ({ ...f, weight: (i + 1) / 10 })),
  }

  test('fixes a weight-sum finding and nothing else changes', () => {
    const before = validateModel(skewed)
    expect(before.findings.map((f) => f.code)).toEqual([FINDING_CODES.weightSum])
    const normalized = normalizeModelWeights(skewed)
    expect(validateModel(normalized)).toEqual({ ok: true, model: normalized, findings: [] })
    const weightless = (m: Model) => m.factors.map(({ weight: _w, ...rest }) => rest)
    expect(weightless(normalized)).toEqual(weightless(skewed))
    expect(normalized.tiers).toEqual(skewed.tiers)
    const total = sum(skewed.factors.map((f) => f.weight))
    normalized.factors.forEach((f, i) => {
      expect(f.weight).toBeCloseTo((skewed.factors[i]?.weight ?? NaN) / total, 15)
    })
  })

  test('does not change the model it is given', () => {
    const copy = structuredClone(skewed)
    normalizeModelWeights(skewed)
    expect(skewed).toEqual(copy)
  })

  test('all-zero weights stay zero and still fail validation', () => {
    const zero: Model = {
      ...DEMO_MODEL,
      factors: DEMO_MODEL.factors.map((f) => ({ ...f, weight: 0 })),
    }
    const normalized = normalizeModelWeights(zero)
    expect(normalized.factors.map((f) => f.weight)).toEqual(zero.factors.map(() => 0))
    expect(validateModel(normalized).ok).toBe(false)
  })
})
