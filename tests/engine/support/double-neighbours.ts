/** Neighbouring doubles and the worst error over a sweep, for the tests of the fast e^x and ln x. */

const BITS = new Float64Array(1)
const WORD = new BigInt64Array(BITS.buffer)

/** The next double above x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE
  BITS[0] = x
  WORD[0] = WORD[0]! + (x > 0 ? 1n : -1n)
  return BITS[0]
}

/** The next double below x (x finite). */
export function nextDown(x: number): number {
  return -nextUp(-x)
}

/** The largest errorOf(x) over xs and the x it was found at (NaN counts as the largest). */
export function worstOver(
  xs: Iterable<number>,
  errorOf: (x: number) => number,
): { error: number; x: number } {
  let worst = { error: 0, x: NaN }
  for (const x of xs) {
    const error = errorOf(x)
    if (!(error <= worst.error)) worst = { error, x }
  }
  return worst
}
