import type * as Y from 'yjs'
import { normalizeWeights } from '../../engine/normalize-weights.ts'
import { readModelInput, setWeights } from '../../shared/model-doc.ts'

/** Normalized weights are shown and stored with this many decimals. */
const DECIMALS = 4

/**
 * The one-click fix of a `weight-sum` finding: scales the doc's weights to sum to 1, keeping their
 * proportions, rounded to 4 decimals with the rounding residual on the largest weight (so they
 * still sum to 1 within 1e-6), in one transaction. False when there is nothing to scale.
 */
export function normalizeDocWeights(doc: Y.Doc, origin?: unknown): boolean {
  const input = readModelInput(doc) as { factors?: unknown }
  const factors = Array.isArray(input.factors) ? input.factors : []
  const ids: string[] = []
  const weights: number[] = []
  for (const factor of factors) {
    const { id, weight } = (factor ?? {}) as { id?: unknown; weight?: unknown }
    if (typeof id === 'string' && typeof weight === 'number' && Number.isFinite(weight)) {
      ids.push(id)
      weights.push(weight)
    }
  }
  const rounded = roundWeights(normalizeWeights(weights))
  if (ids.length === 0 || rounded.every((w, i) => w === weights[i])) return false
  setWeights(doc, Object.fromEntries(ids.map((id, i) => [id, rounded[i] as number])), origin)
  return true
}

/** Weights summing to 1, rounded to DECIMALS; what rounding took or added goes to the largest. */
export function roundWeights(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0)
  if (Math.abs(sum - 1) > 1e-9) return [...weights]
  const scale = 10 ** DECIMALS
  const rounded = weights.map((w) => Math.round(w * scale) / scale)
  let largest = 0
  rounded.forEach((w, i) => {
    if (w > (rounded[largest] as number)) largest = i
  })
  const residual = 1 - rounded.reduce((a, w) => a + w, 0)
  rounded[largest] = Math.round(((rounded[largest] as number) + residual) * scale) / scale
  return rounded
}
