/** Bounds of a search for the highest rate that passes. */
export interface RateSearchOptions {
  start: number
  max: number
  min: number
  /** Geometric bisections between the highest pass and the lowest miss. */
  bisections: number
}

/**
 * Yields rates to try and is told whether each passed: doubles from `start` until a miss (or
 * halves until a pass), then bisects geometrically. Returns the highest rate that passed (0: none).
 * A generator, so that several servers' searches can advance in turns.
 */
export function* searchRates(options: RateSearchOptions): Generator<number, number, boolean> {
  let pass = 0
  let miss = Number.POSITIVE_INFINITY
  for (let rate = options.start; rate <= options.max; rate *= 2) {
    if (yield rate) pass = rate
    else {
      miss = rate
      break
    }
  }
  for (let rate = options.start / 2; pass === 0 && rate >= options.min; rate /= 2) {
    if (yield rate) pass = rate
    else miss = rate
  }
  for (let i = 0; i < options.bisections && pass > 0 && Number.isFinite(miss); i++) {
    const rate = Math.round(Math.sqrt(pass * miss))
    if (rate <= pass || rate >= miss) break
    if (yield rate) pass = rate
    else miss = rate
  }
  return pass
}
