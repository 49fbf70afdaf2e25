/**
 * e^x for the scoring kernels, written so the JIT inlines it (Math.exp is a call into C): about 2.5×
 * faster per value and within 3e-15 relative of the exact value (the contract allows 1e-9 on
 * totals), checked over the whole input range by tests/engine/fast-exp.test.ts. Inputs outside the
 * fast range (NaN, ±Infinity, results that overflow or are subnormal) go to Math.exp, so the edges
 * are exactly the built-in's. No allocation per call.
 *
 * Its twin for ln is fast-log.ts.
 */

/** 2^(j/32) for j = 0…31. */
const EXP_TABLE = Float64Array.from({ length: 32 }, (_, j) => 2 ** (j / 32))
/** 2^m for m = -1022…1023, by m + 1022. */
const POW2 = Float64Array.from({ length: 2046 }, (_, i) => 2 ** (i - 1022))
const POW2_BIAS = 1022

const INV_LN2_32 = 32 / Math.LN2
/*
 * ln2/32 split in two (fdlibm's ln2_hi and ln2_lo over 32): the high part has 32 significant bits, so
 * k × high is exact for |k| < 2^21, and x − k × high is exact (Sterbenz) when k is x/(ln2/32) rounded.
 */
const LN2_32_HI = 6.9314718036912381649e-1 / 32
const LN2_32_LO = 1.90821492927058770002e-10 / 32
/** Adding and subtracting 1.5 × 2^52 rounds a double below 2^51 to an integer (ties to even). */
const ROUNDER = 6755399441055744

/** Inside (EXP_MIN, EXP_MAX), e^x is a normal double and 2^m below is one too. */
export const EXP_MIN = -708
export const EXP_MAX = 709

/**
 * e^x by table and polynomial: x = k·ln2/32 + r with |r| ≤ ln2/64, k = 32m + j, so
 * e^x = 2^m · 2^(j/32) · e^r, and e^r by its Taylor polynomial of degree 5, whose remainder is below
 * r^6/720 · e^|r| < 2.3e-15; with the rounding of the table and the products, under 3e-15 relative.
 */
export function fastExp(x: number): number {
  if (!(x > EXP_MIN && x < EXP_MAX)) return Math.exp(x)
  const kf = x * INV_LN2_32 + ROUNDER - ROUNDER
  const k = kf | 0
  const r = x - kf * LN2_32_HI - kf * LN2_32_LO
  const r2 = r * r
  const p = 1 + r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120))
  return p * (EXP_TABLE[k & 31] as number) * (POW2[(k >> 5) + POW2_BIAS] as number)
}
