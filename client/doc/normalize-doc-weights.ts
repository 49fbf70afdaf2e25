import type * as Y from 'yjs'
import { normalizeWeights } from '../../engine/normalize-weights.ts'
import { readModelInput, setWeights } from '../../shared/model-doc.ts'
import { LOCAL_ORIGIN } from './local-origin.ts'

/**
 * The one-click fix of a `weight-sum` finding: scales the doc's weights to sum to 1, keeping their
 * proportions, in one transaction. False when there is nothing to scale (no numeric weights, or
 * they sum to zero).
 */
export function normalizeDocWeights(doc: Y.Doc): boolean {
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
  const normalized = normalizeWeights(weights)
  if (ids.length === 0 || normalized.every((w, i) => w === weights[i])) return false
  setWeights(
    doc,
    Object.fromEntries(ids.map((id, i) => [id, normalized[i] as number])),
    LOCAL_ORIGIN,
  )
  return true
}
