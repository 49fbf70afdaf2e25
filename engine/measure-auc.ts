/** An AUC and its 95% interval. */
export interface AucEstimate {
  readonly auc: number
  readonly interval: [number, number]
}

/** z of the two-sided 95% normal interval. */
const Z95 = 1.959963984540054

/**
 * AUC (Mann-Whitney U / (positives × negatives), ties counting one half) of leads already sorted from
 * the highest total down, with DeLong's 95% interval. `ranked[k]` is the k-th lead's sort key (equal
 * keys are tied totals; only equality is read), `positive[k]` its outcome (1 or 0). One walk over the
 * runs of tied keys: a converter in a run beats every non-converter below it and half those in it.
 */
export function measureAuc(ranked: Float64Array, positive: Uint8Array): AucEstimate {
  const n = ranked.length
  let positives = 0
  for (let k = 0; k < n; k++) positives += positive[k] as number
  const negatives = n - positives
  // DeLong's structural components are constant within a run of ties, so each run adds its count
  // times its value (and value²) to the sums the mean and variance need.
  let negSeen = 0
  let posSeen = 0
  let sum10 = 0
  let sq10 = 0
  let sq01 = 0
  for (let start = 0; start < n;) {
    const key = ranked[start] as number
    let end = start + 1
    let p = positive[start] as number
    while (end < n && ranked[end] === key) p += positive[end++] as number
    const q = end - start - p
    const v10 = (negatives - negSeen - q + 0.5 * q) / negatives
    const v01 = (posSeen + 0.5 * p) / positives
    sum10 += p * v10
    sq10 += p * v10 * v10
    sq01 += q * v01 * v01
    negSeen += q
    posSeen += p
    start = end
  }
  const auc = sum10 / positives
  const s10 = positives > 1 ? Math.max(0, sq10 - positives * auc * auc) / (positives - 1) : 0
  const s01 = negatives > 1 ? Math.max(0, sq01 - negatives * auc * auc) / (negatives - 1) : 0
  const half = Z95 * Math.sqrt(s10 / positives + s01 / negatives)
  return { auc, interval: [Math.max(0, auc - half), Math.min(1, auc + half)] }
}
