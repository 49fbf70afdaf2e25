/**
 * ln x for the scoring kernels, written so the JIT inlines it (Math.log is a call into C): a table
 * of 128 entries and a polynomial of degree 6, with no division and no allocation. Within 1e-13
 * relative of ln x for every positive normal double (the method's own bound is 4e-14; the test
 * tests/engine/fast-log.test.ts checks every binade, the table's edges and the neighbourhood of 1).
 *
 * The method: x = 2^k · z with z in [0.6875, 1.375), found from the bits of x. The top 7 bits of
 * z's significand pick an interval and its c (1/c is INV_C, ln c is LN_C); then
 * ln x = k·ln2 + ln c + ln(1 + r) with r = z·(1/c) − 1, |r| ≤ 2^-7, and ln(1 + r) by its Taylor
 * polynomial r − r²/2 + … − r⁶/6, whose remainder is below |r|^7 / (7(1 − |r|)).
 *
 * Near 1, where ln x → 0 and only a relative bound means anything, the two intervals that meet at 1
 * take c = 1 exactly: r = z − 1 is then exact (Sterbenz) and k = 0, ln c = 0, so ln x is the
 * polynomial alone, whose relative error there is |r|^6 / 7 ≤ 2^-42 / 7 < 4e-14 plus a few roundings.
 * Elsewhere |r| ≤ 2^-8, the remainder is below 1e-17, and |ln x| ≥ 2^-8 (or ≥ 0.3 when k ≠ 0),
 * so the rounding of r (1 ulp), of ln c and of the sums stays below 1e-14 relative.
 */

const BITS = new Float64Array(1)
const WORDS = new Int32Array(BITS.buffer)
/** Which of the two 32-bit words holds the sign, exponent and top of the significand. */
const HIGH = new Int32Array(Float64Array.of(1).buffer)[1] === 0x3ff00000 ? 1 : 0

/** The high word of 0.6875, where the reduced range [0.6875, 1.375) begins. */
const OFF_HIGH = 0x3fe60000
const TABLE_BITS = 7
const TABLE_SIZE = 1 << TABLE_BITS
/** The high word's significand bits below the table index. */
const INDEX_SHIFT = 20 - TABLE_BITS

/** 2^-k by 1024 − k (k from -1022 to 1024 for normal x), so that z = x · 2^-k is exact. */
const POW2 = Float64Array.from({ length: 2048 }, (_, i) => 2 ** (i - 1024))

/** The double whose high word is `high` and low word 0. */
function fromHigh(high: number): number {
  BITS[0] = 0
  WORDS[HIGH] = high
  return BITS[0]
}

const INV_C = new Float64Array(TABLE_SIZE)
const LN_C = new Float64Array(TABLE_SIZE)
for (let i = 0; i < TABLE_SIZE; i++) {
  const low = fromHigh(OFF_HIGH + (i << INDEX_SHIFT))
  const high = fromHigh(OFF_HIGH + ((i + 1) << INDEX_SHIFT))
  // 1/c is rounded, so c is defined by it: ln c = −ln(1/c) keeps z·(1/c) = 1 + r consistent.
  const invC = low === 1 || high === 1 ? 1 : 2 / (low + high)
  INV_C[i] = invC
  LN_C[i] = -Math.log(invC)
}

/** The smallest positive normal double: below it (subnormals) the reduction above does not hold. */
export const LOG_MIN = 2.2250738585072014e-308

/**
 * ln x for a normal positive finite x, without a branch. Any other input (0, negative, subnormal,
 * ±Infinity, NaN) gives some number or NaN without throwing or reading outside the tables, so a
 * kernel may compute it for every row and keep it only where x is in range.
 */
export function lnNormal(x: number): number {
  BITS[0] = x
  const t = ((WORDS[HIGH] as number) - OFF_HIGH) | 0
  const i = (t >> INDEX_SHIFT) & (TABLE_SIZE - 1)
  const k = t >> 20
  const r = x * (POW2[(1024 - k) & 2047] as number) * (INV_C[i] as number) - 1
  const r2 = r * r
  const p = r + r2 * (-0.5 + r * (1 / 3) + r2 * (-0.25 + r * 0.2 + r2 * (-1 / 6)))
  return k * Math.LN2 + (LN_C[i] as number) + p
}

/** ln x: lnNormal where it holds, Math.log itself (so exactly the built-in's edges) elsewhere. */
export function fastLog(x: number): number {
  return x >= LOG_MIN && x < Infinity ? lnNormal(x) : Math.log(x)
}
