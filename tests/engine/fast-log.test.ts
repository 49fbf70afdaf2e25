import { describe, expect, test } from 'vitest'
import { LOG_MIN, fastLog, lnNormal } from '../../engine/fast-log.ts'
import { seededRandom } from '../../engine/seeded-random.ts'
import { nextDown, nextUp, worstOver } from './support/double-neighbours.ts'
import { SEED } from './support/seed.ts'

/** The bound the engine relies on; the method's own error is under 4e-14. */
const BOUND = 1e-12
/** Random significands drawn in each binade of x. */
const PER_BINADE = 400

/**
 * |fastLog(x) − ln x| / |ln x|, with Math.log (within 1 ulp, 1.1e-16) standing in for ln x; where
 * ln x = 0 (x = 1) the result must be 0 exactly. Outside the normal range fastLog must be Math.log
 * itself, bit for bit (NaN included).
 */
function relativeError(x: number): number {
  const fast = fastLog(x)
  const reference = Math.log(x)
  if (!(x >= LOG_MIN && x < Infinity)) return Object.is(fast, reference) ? 0 : Infinity
  if (reference === 0) return fast === 0 ? 0 : Infinity
  return Math.abs(fast - reference) / Math.abs(reference)
}

/** Every binade from the smallest subnormal (2^-1074) to the largest finite doubles. */
function* everyBinade(random: () => number): Generator<number> {
  for (let e = -1074; e <= 1023; e++) {
    for (let i = 0; i < PER_BINADE; i++) yield 2 ** e * (1 + random())
  }
}

/**
 * Either side of every point where the reduction changes its table entry (the 128 intervals of
 * [0.6875, 1.375)) or its power of two, in binades from the smallest normal to the largest.
 */
function* reductionEdges(): Generator<number> {
  for (const e of [-1022, -1021, -500, -60, -3, -1, 0, 1, 2, 60, 500, 1022, 1023]) {
    for (let i = 0; i <= 128; i++) {
      const x = intervalStart(i) * 2 ** e
      if (!(x < Infinity) || x < LOG_MIN) continue
      yield x
      yield nextUp(x)
      yield nextDown(x)
    }
  }
}

/** Where interval i of the reduced range begins: 0.6875 + i·2^-8 below 1, 1 + (i − 80)·2^-7 above. */
function intervalStart(i: number): number {
  return i <= 80 ? 0.6875 + i / 256 : 1 + (i - 80) / 128
}

/** Around 1, where ln x → 0 and the error must stay small relative to it. */
function* nearOne(random: () => number): Generator<number> {
  for (let e = -53; e <= -1; e++) {
    for (let i = 0; i < PER_BINADE; i++) {
      const d = 2 ** e * (1 + random())
      yield 1 + d
      yield 1 - d / 2
    }
  }
  let up = 1
  let down = 1
  for (let i = 0; i < 1000; i++) {
    up = nextUp(up)
    down = nextDown(down)
    yield up
    yield down
  }
}

const EDGES = [
  0,
  -0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  nextDown(LOG_MIN),
  LOG_MIN,
  nextUp(LOG_MIN),
  1e-300,
  Number.EPSILON,
  0.5,
  0.6875,
  nextDown(0.6875),
  1,
  nextUp(1),
  nextDown(1),
  1 + 2 ** -7,
  1 - 2 ** -8,
  1.375,
  nextDown(1.375),
  2,
  Math.E,
  10,
  1e300,
  Number.MAX_VALUE,
  -1,
  -Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
]

describe('fastLog is within 1e-12 relative of ln x over every input', () => {
  test('the edges: zeros, subnormals, the normal boundary, 1 and its neighbours, the largest doubles, negatives, ±∞, NaN', () => {
    for (const x of EDGES) expect(relativeError(x), `x = ${x}`).toBeLessThanOrEqual(BOUND)
    expect(fastLog(1)).toBe(0)
    expect(fastLog(0)).toBe(-Infinity)
    expect(fastLog(Infinity)).toBe(Infinity)
    expect(fastLog(-1)).toBeNaN()
    expect(fastLog(NaN)).toBeNaN()
  })

  test('random significands in every binade, subnormal to the largest finite', () => {
    const worst = worstOver(everyBinade(seededRandom(SEED)), relativeError)
    expect(worst.error, `worst at x = ${worst.x} (seed ${SEED})`).toBeLessThanOrEqual(BOUND)
  })

  test('either side of every point where the reduction switches table entry or binade', () => {
    const worst = worstOver(reductionEdges(), relativeError)
    expect(worst.error, `worst at x = ${worst.x}`).toBeLessThanOrEqual(BOUND)
  })

  test('near 1, where ln x → 0, the error stays relative', () => {
    const worst = worstOver(nearOne(seededRandom(SEED)), relativeError)
    expect(worst.error, `worst at x = ${worst.x} (seed ${SEED})`).toBeLessThanOrEqual(BOUND)
  })

  test('the method holds its stated 4e-14 on a dense sweep of [1/4, 4]', () => {
    const steps = 400_000
    const xs = Array.from({ length: steps + 1 }, (_, i) => 0.25 * 16 ** (i / steps))
    expect(worstOver(xs, relativeError).error).toBeLessThan(4e-14)
  })

  test('lnNormal gives a number (or NaN) for any input, so kernels may compute it on every row', () => {
    for (const x of EDGES) expect(typeof lnNormal(x)).toBe('number')
    for (let x = LOG_MIN; x < Infinity; x *= 1e7) expect(lnNormal(x)).toBe(fastLog(x))
  })
})
