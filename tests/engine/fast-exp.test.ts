import { describe, expect, test } from 'vitest'
import { EXP_MAX, EXP_MIN, fastExp } from '../../engine/fast-exp.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { nextDown, nextUp, worstOver } from './support/double-neighbours.ts'
import { SEED } from './support/seed.ts'

/** The bound the engine relies on; the method's own error is about 3e-15. */
const BOUND = 1e-12
/** Random significands drawn in each binade of |x|. */
const PER_BINADE = 400

/**
 * |fastExp(x) − e^x| / e^x, with Math.exp (within 1 ulp, 1.1e-16) standing in for e^x. Outside the
 * fast range fastExp must be Math.exp itself, bit for bit (NaN included).
 */
function relativeError(x: number): number {
  const fast = fastExp(x)
  const reference = Math.exp(x)
  if (!(x > EXP_MIN && x < EXP_MAX)) return Object.is(fast, reference) ? 0 : Infinity
  return Math.abs(fast - reference) / reference
}

/** Every binade of |x| from the smallest subnormal (2^-1074) to 2^10 > 745, both signs. */
function* everyBinade(random: () => number): Generator<number> {
  for (let e = -1074; e <= 10; e++) {
    for (let i = 0; i < PER_BINADE; i++) {
      const magnitude = 2 ** e * (1 + random())
      yield magnitude
      yield -magnitude
    }
  }
}

/** The points where range reduction changes its table entry or power of two: (k ± ½)·ln2/32, k·ln2/32. */
function* reductionEdges(): Generator<number> {
  const step = Math.LN2 / 32
  for (let k = -32_700; k <= 32_750; k += 7) {
    for (const x of [(k - 0.5) * step, k * step, (k + 0.5) * step]) {
      yield x
      yield nextUp(x)
      yield nextDown(x)
    }
  }
}

const EDGES = [
  0,
  -0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2.2250738585072014e-308,
  -2.2250738585072014e-308,
  1e-300,
  Number.EPSILON,
  -Number.EPSILON,
  1,
  -1,
  Math.LN2,
  -Math.LN2,
  EXP_MIN,
  nextUp(EXP_MIN),
  nextDown(EXP_MIN),
  EXP_MAX,
  nextUp(EXP_MAX),
  nextDown(EXP_MAX),
  709.782712893384, // the largest x whose e^x is finite
  709.7827128933841,
  -745.1332191019411, // e^x rounds to the smallest subnormal
  -745.1332191019412,
  -746,
  -1e300,
  1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
]

describe('fastExp is within 1e-12 relative of e^x over every input', () => {
  test('the edges: zeros, subnormals, the ends of the fast range, overflow, underflow, ±∞, NaN', () => {
    for (const x of EDGES) expect(relativeError(x), `x = ${x}`).toBeLessThanOrEqual(BOUND)
    expect(fastExp(0)).toBe(1)
    expect(fastExp(-Infinity)).toBe(0)
    expect(fastExp(Infinity)).toBe(Infinity)
    expect(fastExp(NaN)).toBeNaN()
  })

  test('random significands in every binade of |x|, subnormal to beyond overflow', () => {
    const worst = worstOver(everyBinade(seededRandom(SEED)), relativeError)
    expect(worst.error, `worst at x = ${worst.x} (seed ${SEED})`).toBeLessThanOrEqual(BOUND)
  })

  test('either side of every point where range reduction switches', () => {
    const worst = worstOver(reductionEdges(), relativeError)
    expect(worst.error, `worst at x = ${worst.x}`).toBeLessThanOrEqual(BOUND)
  })

  test('the method holds its stated 3e-15 on a dense sweep of the fast range', () => {
    const steps = 200_000
    const xs = Array.from(
      { length: steps + 1 },
      (_, i) => EXP_MIN + ((EXP_MAX - EXP_MIN) * i) / steps,
    )
    expect(worstOver(xs, relativeError).error).toBeLessThan(3e-15)
  })
})
