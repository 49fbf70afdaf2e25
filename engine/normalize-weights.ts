import type { Model } from '../shared/model-schema.ts'

/**
 * Scales weights so they sum to 1, keeping their proportions. Weights that cannot be scaled
 * that way (all zero, a sum ≤ 0, or a non-finite weight) are returned unchanged.
 */
export function normalizeWeights(weights: readonly number[]): number[] {
  if (!weights.every(Number.isFinite)) return [...weights]
  const sum = weights.reduce((a, w) => a + w, 0)
  if (!(sum > 0)) return [...weights]
  if (sum === Infinity) {
    // Finite weights whose sum overflows: shrink them first so the division stays meaningful.
    const largest = Math.max(...weights.map(Math.abs))
    return normalizeWeights(weights.map((w) => w / largest))
  }
  return weights.map((w) => w / sum)
}

/** The model with its weights normalized (the one-click fix for a `weight-sum` finding). */
export function normalizeModelWeights(model: Model): Model {
  const weights = normalizeWeights(model.factors.map((f) => f.weight))
  return {
    ...model,
    factors: model.factors.map((f, i) => ({ ...f, weight: weights[i] as number })),
  }
}
