import type { ImpactReport } from '../../shared/impact-schema.ts'

/** How a request's candidate moves leads against the production version it was judged on. */
export interface ImpactSummary {
  /** "against v3: 7,205 of 20,000 leads change tier (1,200 up, 6,005 down)" */
  headline: string
  /** One entry per tier, in the candidate's tier order: "A 1,000→1,200". */
  tiers: { tier: string; from: number; to: number }[]
}

/**
 * Summarizes an impact report for someone deciding on it: the version compared with, how many
 * leads change tier and in which direction (up = a better tier, by position in the tier order),
 * and each tier's count before and after.
 */
export function describeImpact(impact: ImpactReport, basedOnVersion: number): ImpactSummary {
  const { fromTiers, toTiers, counts } = impact.migration
  const rank = (tiers: (string | null)[], tier: string | null) =>
    tier === null ? tiers.length : tiers.indexOf(tier)
  let up = 0
  let down = 0
  counts.forEach((row, i) =>
    row.forEach((count, j) => {
      const from = fromTiers[i] ?? null
      const to = toTiers[j] ?? null
      if (count === 0 || from === to) return
      if (rank(toTiers, to) < rank(fromTiers, from)) up += count
      else down += count
    }),
  )
  const n = (value: number) => value.toLocaleString('en-US')
  const fromCounts = new Map(impact.from.tierCounts.map((t) => [t.tier, t.count]))
  const toCounts = new Map(impact.to.tierCounts.map((t) => [t.tier, t.count]))
  const names = [...new Set([...toCounts.keys(), ...fromCounts.keys()])]
  return {
    headline:
      `against v${basedOnVersion}: ${n(impact.changedTier)} of ${n(impact.leads)} leads change tier` +
      (impact.changedTier === 0 ? '' : ` (${n(up)} up, ${n(down)} down)`),
    tiers: names.map((tier) => ({
      tier: tier ?? 'no tier',
      from: fromCounts.get(tier) ?? 0,
      to: toCounts.get(tier) ?? 0,
    })),
  }
}
