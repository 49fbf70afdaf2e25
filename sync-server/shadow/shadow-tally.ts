import { SHADOW_MOVERS, type ShadowReport } from '../../shared/promotion-api-schemas.ts'
import type { ScoreResult } from '../../shared/score-result-schema.ts'
import type { ShadowTally } from '../store/shadow-store.ts'

/** The tier shown for a lead a model places in no tier (only a model with broken tiers does). */
export const NO_TIER = '(none)'

/** A tally of no leads. */
export function emptyShadowTally(): ShadowTally {
  return { scored: 0, tierChanged: 0, sumDelta: 0, maxAbsDelta: 0, migration: {}, movers: [] }
}

/**
 * Adds one lead scored by production and by the candidate to `tally` (in place). The lead is named
 * only when it enters the movers, so the leads that do not pay nothing for a name.
 */
export function tallyShadowLead(
  tally: ShadowTally,
  nameLead: () => string,
  production: ScoreResult,
  candidate: ScoreResult,
): void {
  const from = production.tier ?? NO_TIER
  const to = candidate.tier ?? NO_TIER
  const delta = candidate.total - production.total
  tally.scored += 1
  if (from !== to) tally.tierChanged += 1
  tally.sumDelta += delta
  tally.maxAbsDelta = Math.max(tally.maxAbsDelta, Math.abs(delta))
  const row = (tally.migration[from] ??= {})
  row[to] = (row[to] ?? 0) + 1
  // A lead that did not move is no mover, however few leads did.
  if (delta === 0) return
  const size = Math.abs(delta)
  const { movers } = tally
  if (movers.length === SHADOW_MOVERS && size <= Math.abs(movers.at(-1)!.delta)) return
  let at = movers.length
  // After every mover at least as large: on a tie the one seen first stays first.
  while (at > 0 && Math.abs(movers[at - 1]!.delta) < size) at--
  movers.splice(at, 0, {
    lead: nameLead(),
    productionTotal: production.total,
    candidateTotal: candidate.total,
    productionTier: from,
    candidateTier: to,
    delta,
  })
  if (movers.length > SHADOW_MOVERS) movers.pop()
}

/** One tally of the leads of `earlier` and then those of `later`. */
export function mergeShadowTallies(earlier: ShadowTally, later: ShadowTally): ShadowTally {
  const migration: ShadowTally['migration'] = {}
  for (const tally of [earlier, later]) {
    for (const [from, row] of Object.entries(tally.migration)) {
      const merged = (migration[from] ??= {})
      for (const [to, leads] of Object.entries(row)) merged[to] = (merged[to] ?? 0) + leads
    }
  }
  return {
    scored: earlier.scored + later.scored,
    tierChanged: earlier.tierChanged + later.tierChanged,
    sumDelta: earlier.sumDelta + later.sumDelta,
    maxAbsDelta: Math.max(earlier.maxAbsDelta, later.maxAbsDelta),
    migration,
    // A stable sort keeps the earlier tally's mover first on a tie.
    movers: [...earlier.movers, ...later.movers]
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
      .slice(0, SHADOW_MOVERS),
  }
}

/** The figures as the API answers them (a request nothing was scored for yet has zeros). */
export function toShadowReport(tally: ShadowTally | null): ShadowReport {
  const { scored, tierChanged, sumDelta, maxAbsDelta, migration, movers } =
    tally ?? emptyShadowTally()
  return {
    scored,
    tierChanged,
    migration,
    meanDelta: scored === 0 ? 0 : sumDelta / scored,
    maxAbsDelta,
    movers,
  }
}
