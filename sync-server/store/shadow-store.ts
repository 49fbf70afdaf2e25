import type { ShadowMover } from '../../shared/promotion-api-schemas.ts'

/**
 * Shadow figures in additive form: counts, a sum and a maximum, matrix cells and a top list each
 * merge by adding (or keeping the larger), so tallies of any number of instances add up.
 */
export interface ShadowTally {
  scored: number
  tierChanged: number
  /** Σ (candidate total − production total). */
  sumDelta: number
  maxAbsDelta: number
  /** migration[production tier][candidate tier] = leads. */
  migration: Record<string, Record<string, number>>
  /** The largest movers by |delta|, largest first (ties: first seen first). */
  movers: ShadowMover[]
}

export interface ShadowStore {
  /**
   * Adds a tally of leads scored up to `observedAt` to a request's figures, if the request was
   * still pending then (pending now, or decided no earlier); false when it was not.
   */
  add(requestId: string, tally: ShadowTally, observedAt: number): Promise<boolean>
  /** The request's figures so far (movers: the top SHADOW_MOVERS); null when none were added. */
  get(requestId: string): Promise<ShadowTally | null>
}
