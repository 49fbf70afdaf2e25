import type { Model } from '../shared/model-schema.ts'
import { compileFactor, type CompiledFactor } from './compile-factor.ts'

/** Contract tolerance: a total reaches a tier when min ≤ total + 1e-9. */
export const TIER_EPSILON = 1e-9

/** A model compiled once into factor kernels and tiers sorted by descending min. */
export interface CompiledModel {
  readonly model: Model
  readonly factors: readonly CompiledFactor[]
  readonly weights: Float64Array
  readonly tierNames: readonly string[]
  readonly tierMins: Float64Array
}

/** Compiles a schema-valid model (drafts that break rules included) into a fast scorer. */
export function compileModel(model: Model): CompiledModel {
  const factors = model.factors.map(compileFactor)
  const tiers = [...model.tiers].sort((a, b) => b.min - a.min)
  return {
    model,
    factors,
    weights: Float64Array.from(factors, (f) => f.weight),
    tierNames: tiers.map((t) => t.name),
    tierMins: Float64Array.from(tiers, (t) => t.min),
  }
}

/** Index into tierNames of the first tier (by descending min) the total reaches; -1 when none does. */
export function tierIndexOf(tierMins: Float64Array, total: number): number {
  for (let t = 0; t < tierMins.length; t++) {
    if ((tierMins[t] as number) <= total + TIER_EPSILON) return t
  }
  return -1
}
