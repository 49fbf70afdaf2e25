/**
 * totals[i] += Σ weights[first + k] × values[k][i − offset] for i in [start, end), adding k in
 * order — the same additions in the same order as scoring lead by lead, so the result is bit for
 * bit Σ weight × v in factor order. Eight (then four) factors are added per pass over the rows,
 * with far fewer loads and stores of the totals. `offset` lets a block-sized scratch array stand
 * for rows start…end (offset = start) as well as a full-length column (offset = 0).
 */
export function addWeighted(
  totals: Float64Array,
  start: number,
  end: number,
  weights: Float64Array,
  first: number,
  values: readonly Float64Array[],
  offset: number,
): void {
  const count = values.length
  let k = 0
  for (; k + 8 <= count; k += 8) add8(totals, start, end, weights, first, values, k, offset)
  for (; k + 4 <= count; k += 4) add4(totals, start, end, weights, first, values, k, offset)
  for (; k < count; k++) {
    const w = weights[first + k] as number
    const v = values[k] as Float64Array
    for (let i = start, j = start - offset; i < end; i++, j++) {
      totals[i] = (totals[i] as number) + w * (v[j] as number)
    }
  }
}

function add8(
  totals: Float64Array,
  start: number,
  end: number,
  weights: Float64Array,
  first: number,
  values: readonly Float64Array[],
  k: number,
  offset: number,
): void {
  const f = first + k
  const w0 = weights[f] as number
  const w1 = weights[f + 1] as number
  const w2 = weights[f + 2] as number
  const w3 = weights[f + 3] as number
  const w4 = weights[f + 4] as number
  const w5 = weights[f + 5] as number
  const w6 = weights[f + 6] as number
  const w7 = weights[f + 7] as number
  const v0 = values[k] as Float64Array
  const v1 = values[k + 1] as Float64Array
  const v2 = values[k + 2] as Float64Array
  const v3 = values[k + 3] as Float64Array
  const v4 = values[k + 4] as Float64Array
  const v5 = values[k + 5] as Float64Array
  const v6 = values[k + 6] as Float64Array
  const v7 = values[k + 7] as Float64Array
  for (let i = start, j = start - offset; i < end; i++, j++) {
    let t = totals[i] as number
    t += w0 * (v0[j] as number)
    t += w1 * (v1[j] as number)
    t += w2 * (v2[j] as number)
    t += w3 * (v3[j] as number)
    t += w4 * (v4[j] as number)
    t += w5 * (v5[j] as number)
    t += w6 * (v6[j] as number)
    t += w7 * (v7[j] as number)
    totals[i] = t
  }
}

function add4(
  totals: Float64Array,
  start: number,
  end: number,
  weights: Float64Array,
  first: number,
  values: readonly Float64Array[],
  k: number,
  offset: number,
): void {
  const w0 = weights[first + k] as number
  const w1 = weights[first + k + 1] as number
  const w2 = weights[first + k + 2] as number
  const w3 = weights[first + k + 3] as number
  const v0 = values[k] as Float64Array
  const v1 = values[k + 1] as Float64Array
  const v2 = values[k + 2] as Float64Array
  const v3 = values[k + 3] as Float64Array
  for (let i = start, j = start - offset; i < end; i++, j++) {
    let t = totals[i] as number
    t += w0 * (v0[j] as number)
    t += w1 * (v1[j] as number)
    t += w2 * (v2[j] as number)
    t += w3 * (v3[j] as number)
    totals[i] = t
  }
}
