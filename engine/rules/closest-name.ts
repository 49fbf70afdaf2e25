/**
 * The candidate a mistyped name most likely meant (case and separators ignored, or at most two
 * edits away), or undefined when none is close: "Employees" → "employees", "lnear" → "linear".
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const folded = fold(name)
  const same = candidates.find((c) => fold(c) === folded)
  if (same !== undefined) return same
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of candidates) {
    const d = editDistance(folded, fold(candidate))
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

function fold(s: string): string {
  return s.toLowerCase().replace(/[\s_-]+/g, '')
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitute = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      row.push(Math.min(substitute, (prev[j] as number) + 1, (row[j - 1] as number) + 1))
    }
    prev = row
  }
  return prev[b.length] as number
}
