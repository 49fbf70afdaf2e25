/** Coefficients of a logistic model with non-negative factor weights and a free intercept. */
export interface LogisticFit {
  readonly weights: Float64Array
  readonly intercept: number
  readonly iterations: number
}

export interface LogisticOptions {
  /** Called after each Newton step with the share of the iteration budget used (0..1). */
  readonly onProgress?: (fraction: number) => void
}

const MAX_ITERATIONS = 40
/** A small ridge keeps the weights finite when some factor separates the classes perfectly. */
const RIDGE = 1e-3
const QP_SWEEPS = 200

/**
 * Maximum-likelihood logistic regression of y on the columns x, with every weight ≥ 0: projected
 * Newton steps (each a small box-constrained quadratic solved by coordinate descent) with a
 * backtracking line search, so the loss falls at every step. Costs O(n·d²) per step.
 */
export function fitNonnegativeLogistic(
  x: readonly Float64Array[],
  y: Int8Array,
  { onProgress }: LogisticOptions = {},
): LogisticFit {
  const d = x.length
  const n = y.length
  const positives = y.reduce((a, b) => a + b, 0)
  const theta = new Float64Array(d + 1)
  theta[d] = Math.log(positives / (n - positives))
  const z = new Float64Array(n)
  const s = new Float64Array(n)
  let loss = lossAt(x, y, theta, z)
  let iterations = 0
  for (; iterations < MAX_ITERATIONS; iterations++) {
    const { gradient, hessian } = newtonTerms(x, y, theta, z, s)
    const step = solveBoxQp(hessian, gradient, theta, d)
    let slope = 0
    for (let j = 0; j <= d; j++) slope += (gradient[j] as number) * (step[j] as number)
    if (-slope < 1e-10 * n) break
    const trial = new Float64Array(d + 1)
    let t = 1
    let next = Infinity
    for (let tries = 0; tries < 30; tries++, t /= 2) {
      for (let j = 0; j <= d; j++) trial[j] = (theta[j] as number) + t * (step[j] as number)
      for (let j = 0; j < d; j++) trial[j] = Math.max(0, trial[j] as number)
      next = lossAt(x, y, trial, z)
      if (next <= loss + 1e-4 * t * slope) break
    }
    if (!(next < loss)) break
    theta.set(trial)
    loss = next
    onProgress?.((iterations + 1) / MAX_ITERATIONS)
  }
  return { weights: theta.slice(0, d), intercept: theta[d] as number, iterations }
}

/** Fills z with the linear predictor and returns the penalised negative log-likelihood. */
function lossAt(
  x: readonly Float64Array[],
  y: Int8Array,
  theta: Float64Array,
  z: Float64Array,
): number {
  const d = x.length
  z.fill(theta[d] as number)
  for (let f = 0; f < d; f++) {
    const w = theta[f] as number
    if (w === 0) continue
    const col = x[f] as Float64Array
    for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) + w * (col[i] as number)
  }
  let loss = 0
  for (let i = 0; i < z.length; i++) {
    const zi = z[i] as number
    // log(1 + e^z) − y·z, computed without overflow for large |z|.
    loss +=
      (zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi))) - (y[i] as number) * zi
  }
  let ridge = 0
  for (let f = 0; f < d; f++) ridge += (theta[f] as number) ** 2
  return loss + 0.5 * RIDGE * ridge
}

/** Gradient and Hessian of the loss at theta (z must hold theta's linear predictor). */
function newtonTerms(
  x: readonly Float64Array[],
  y: Int8Array,
  theta: Float64Array,
  z: Float64Array,
  s: Float64Array,
): { gradient: Float64Array; hessian: Float64Array[] } {
  const d = x.length
  const n = y.length
  const residual = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const p = 1 / (1 + Math.exp(-(z[i] as number)))
    residual[i] = p - (y[i] as number)
    s[i] = p * (1 - p)
  }
  // The intercept is a column of ones, last.
  const column = (f: number): Float64Array | null => (f === d ? null : (x[f] as Float64Array))
  const gradient = new Float64Array(d + 1)
  const hessian = Array.from({ length: d + 1 }, () => new Float64Array(d + 1))
  for (let f = 0; f <= d; f++) {
    const a = column(f)
    let g = 0
    for (let i = 0; i < n; i++) g += (residual[i] as number) * (a ? (a[i] as number) : 1)
    gradient[f] = g + (f < d ? RIDGE * (theta[f] as number) : 0)
    for (let h = 0; h <= f; h++) {
      const b = column(h)
      let sum = 0
      if (a && b)
        for (let i = 0; i < n; i++) sum += (s[i] as number) * (a[i] as number) * (b[i] as number)
      else if (a ?? b) {
        const one = (a ?? b) as Float64Array
        for (let i = 0; i < n; i++) sum += (s[i] as number) * (one[i] as number)
      } else for (let i = 0; i < n; i++) sum += s[i] as number
      const value = sum + (f === h && f < d ? RIDGE : 0)
      ;(hessian[f] as Float64Array)[h] = value
      ;(hessian[h] as Float64Array)[f] = value
    }
  }
  return { gradient, hessian }
}

/**
 * The step Δ minimising ½ΔᵀHΔ + gᵀΔ subject to theta_f + Δ_f ≥ 0 for the d weights (the intercept,
 * index d, is free), by cyclic coordinate descent, which converges for a positive definite H.
 */
function solveBoxQp(
  hessian: readonly Float64Array[],
  gradient: Float64Array,
  theta: Float64Array,
  d: number,
): Float64Array {
  const m = d + 1
  const step = new Float64Array(m)
  const hStep = new Float64Array(m)
  for (let sweep = 0; sweep < QP_SWEEPS; sweep++) {
    let moved = 0
    for (let j = 0; j < m; j++) {
      const row = hessian[j] as Float64Array
      const diagonal = row[j] as number
      if (!(diagonal > 0)) continue
      const old = step[j] as number
      let next = old - ((gradient[j] as number) + (hStep[j] as number)) / diagonal
      if (j < d) next = Math.max(-(theta[j] as number), next)
      const delta = next - old
      if (delta === 0) continue
      step[j] = next
      for (let k = 0; k < m; k++)
        hStep[k] = (hStep[k] as number) + delta * ((hessian[k] as Float64Array)[j] as number)
      moved = Math.max(moved, Math.abs(delta))
    }
    if (moved < 1e-12) break
  }
  return step
}
