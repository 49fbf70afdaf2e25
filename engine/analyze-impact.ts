import type { ImpactReport, ScoreSummary, TopMover } from '../shared/impact-schema.ts'
import { assert } from '../shared/assert.ts'
import type { ColumnScorer } from './create-column-scorer.ts'
import type { CompiledModel } from './compile-model.ts'
import { rankTotals, type RankedTotals } from './rank-totals.ts'

/** Fixed histogram: 20 bins over [0, 1], the same for both models so they overlay. */
export const HISTOGRAM_BINS = 20
export const HISTOGRAM_EDGES = Array.from(
  { length: HISTOGRAM_BINS + 1 },
  (_, i) => i / HISTOGRAM_BINS,
)

export interface ImpactOptions {
  /** How many leads with the largest |Δtotal| to report (default 10). */
  readonly topMovers?: number
}

/** Impact of model `to` against model `from`, both scored over the same dataset. */
export function analyzeImpact(
  from: ColumnScorer,
  to: ColumnScorer,
  options: ImpactOptions = {},
): ImpactReport {
  assert(from.length === to.length, 'impact compares two scorings of the same dataset')
  const rankedFrom = rankedOf(from)
  const rankedTo = rankedOf(to)
  const fromTiers = tierLabels(from)
  const toTiers = tierLabels(to)
  const counts = migrationCounts(from, to, fromTiers.length, toTiers.length)
  return {
    leads: from.length,
    histogramEdges: HISTOGRAM_EDGES,
    from: summarize(from, rankedFrom.sorted, counts, 'rows'),
    to: summarize(to, rankedTo.sorted, counts, 'columns'),
    migration: { fromTiers, toTiers, counts },
    changedTier: countChangedTier(counts, fromTiers, toTiers),
    spearman: pearsonOfRanks(rankedFrom.ranks, rankedTo.ranks),
    topMovers: findTopMovers(from, to, options.topMovers ?? 10),
  }
}

/**
 * A scorer compiles a new model on every update, so its compiled model identifies one set of totals:
 * while production stays put, re-running impact for each draft edit ranks only the draft.
 */
const rankCache = new WeakMap<CompiledModel, RankedTotals>()

function rankedOf(scorer: ColumnScorer): RankedTotals {
  let ranked = rankCache.get(scorer.compiled)
  if (!ranked) {
    ranked = rankTotals(scorer.totals)
    rankCache.set(scorer.compiled, ranked)
  }
  return ranked
}

/** The model's tier names in order, plus `null` last for "no tier" (drafts only). */
function tierLabels(scorer: ColumnScorer): (string | null)[] {
  return [...scorer.compiled.tierNames, null]
}

/** counts[i][j]: leads in from-tier i and to-tier j; index -1 ("no tier") maps to the last row/column. */
function migrationCounts(
  from: ColumnScorer,
  to: ColumnScorer,
  rows: number,
  cols: number,
): number[][] {
  const flat = new Float64Array(rows * cols)
  const a = from.tierIndex
  const b = to.tierIndex
  for (let i = 0; i < a.length; i++) {
    const r = a[i] as number
    const c = b[i] as number
    const cell = (r < 0 ? rows - 1 : r) * cols + (c < 0 ? cols - 1 : c)
    flat[cell] = (flat[cell] as number) + 1
  }
  return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)))
}

function summarize(
  scorer: ColumnScorer,
  sorted: Float64Array,
  counts: number[][],
  axis: 'rows' | 'columns',
): ScoreSummary {
  const n = sorted.length
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0)
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = scorer.totals[i] as number
    sum += x
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(x * HISTOGRAM_BINS)))
    histogram[bin] = (histogram[bin] as number) + 1
  }
  const tierCounts = tierLabels(scorer).map((tier, t) => ({
    tier,
    count:
      axis === 'rows'
        ? (counts[t] as number[]).reduce((a, c) => a + c, 0)
        : counts.reduce((a, row) => a + (row[t] as number), 0),
  }))
  return {
    mean: n === 0 ? 0 : sum / n,
    median: n === 0 ? 0 : ((sorted[(n - 1) >> 1] as number) + (sorted[n >> 1] as number)) / 2,
    histogram,
    // "No tier" is listed only when some lead has none, which a valid model never allows.
    tierCounts: tierCounts.filter((c) => c.tier !== null || c.count > 0),
  }
}

/** Leads whose tier name differs between the two models (tier sets may differ between drafts). */
function countChangedTier(
  counts: number[][],
  fromTiers: (string | null)[],
  toTiers: (string | null)[],
): number {
  let changed = 0
  counts.forEach((row, r) =>
    row.forEach((count, c) => {
      if (fromTiers[r] !== toTiers[c]) changed += count
    }),
  )
  return changed
}

/** Spearman's rho: Pearson correlation of the average ranks; 1 when neither ordering varies. */
function pearsonOfRanks(a: Float64Array, b: Float64Array): number {
  const n = a.length
  const mean = (n + 1) / 2
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - mean
    const db = (b[i] as number) - mean
    ab += da * db
    aa += da * da
    bb += db * db
  }
  if (aa === 0 && bb === 0) return 1
  if (aa === 0 || bb === 0) return 0
  return ab / Math.sqrt(aa * bb)
}

/** The k leads with the largest |Δtotal| (ties by row), each with the factor that moved it most. */
function findTopMovers(from: ColumnScorer, to: ColumnScorer, k: number): TopMover[] {
  const rows: number[] = []
  const sizes: number[] = []
  let floor = -1
  for (let i = 0; i < from.length && k > 0; i++) {
    const size = Math.abs((to.totals[i] as number) - (from.totals[i] as number))
    if (size === 0 || (rows.length === k && size <= floor)) continue
    let at = rows.length
    while (at > 0 && (sizes[at - 1] as number) < size) at--
    rows.splice(at, 0, i)
    sizes.splice(at, 0, size)
    if (rows.length > k) {
      rows.pop()
      sizes.pop()
    }
    floor = rows.length === k ? (sizes[k - 1] as number) : -1
  }
  return rows.map((row) => describeMover(from, to, row))
}

function describeMover(from: ColumnScorer, to: ColumnScorer, row: number): TopMover {
  const a = from.result(row)
  const b = to.result(row)
  let factorId = ''
  let factorDelta = 0
  for (const id of new Set([...Object.keys(a.contributions), ...Object.keys(b.contributions)])) {
    const delta = (b.contributions[id] ?? 0) - (a.contributions[id] ?? 0)
    if (factorId === '' || Math.abs(delta) > Math.abs(factorDelta)) {
      factorId = id
      factorDelta = delta
    }
  }
  return {
    row,
    from: a.total,
    to: b.total,
    delta: b.total - a.total,
    fromTier: a.tier,
    toTier: b.tier,
    factorId,
    factorDelta,
  }
}
