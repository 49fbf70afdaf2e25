/** A deterministic source of uniform numbers in [0, 1): the same seed always gives the same sequence. */
export type Random = () => number

/**
 * mulberry32: a tiny 32-bit generator, fast and good enough for synthetic data (not for secrets).
 * Any number is accepted as a seed; only its low 32 bits matter.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal numbers from a uniform source, one uniform each (by the inverse normal CDF). */
export function normalFrom(random: Random): () => number {
  // 1 − u lies in (0, 1]; 0 itself is nudged in so the tails stay finite.
  return () => inverseNormal(Math.max(1e-300, 1 - random()))
}

// Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
]
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
]
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
]
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
const [a0, a1, a2, a3, a4, a5] = A as [number, number, number, number, number, number]
const [b0, b1, b2, b3, b4] = B as [number, number, number, number, number]
const [c0, c1, c2, c3, c4, c5] = C as [number, number, number, number, number, number]
const [d0, d1, d2, d3] = D as [number, number, number, number]
const LOW = 0.02425

/** The z with Φ(z) = p, for p in (0, 1). */
export function inverseNormal(p: number): number {
  if (p < LOW) return tail(p)
  if (p > 1 - LOW) return -tail(1 - p)
  const q = p - 0.5
  const r = q * q
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  )
}

function tail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p))
  return (
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
    ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  )
}
