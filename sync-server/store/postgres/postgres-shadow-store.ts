import { SHADOW_MOVERS } from '../../../shared/promotion-api-schemas.ts'
import type { ShadowStore, ShadowTally } from '../shadow-store.ts'
import type { TransactionRunner } from './postgres-doc-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

interface TotalsRow {
  scored: number
  tier_changed: number
  sum_delta: number
  max_abs_delta: number
}
interface CellRow {
  from_tier: string
  to_tier: string
  leads: number
}
interface MoverRow {
  lead: string
  production_total: number
  candidate_total: number
  production_tier: string
  candidate_tier: string
  delta: number
}

/**
 * Shadow figures of promotion requests; every instance adds its tallies to the same rows
 * (x = x + n), so the figures add up across instances without any of them reading first.
 */
export function createPostgresShadowStore(
  sql: PostgresSql,
  inTransaction: TransactionRunner,
): ShadowStore {
  return {
    add: (id, tally, at) =>
      inTransaction(async (tx) => {
        // FOR SHARE waits for a decision being committed, so a tally never lands after it.
        const [request] = await tx<{ pending: boolean }[]>`
          SELECT status = 'pending' OR decided_at >= ${at} AS pending
          FROM promotion_requests WHERE id = ${id} FOR SHARE`
        if (request?.pending !== true) return false
        await tx`
          INSERT INTO shadow_totals (request_id, scored, tier_changed, sum_delta, max_abs_delta)
          VALUES (${id}, ${tally.scored}, ${tally.tierChanged}, ${tally.sumDelta},
            ${tally.maxAbsDelta})
          ON CONFLICT (request_id) DO UPDATE SET
            scored = shadow_totals.scored + excluded.scored,
            tier_changed = shadow_totals.tier_changed + excluded.tier_changed,
            sum_delta = shadow_totals.sum_delta + excluded.sum_delta,
            max_abs_delta = GREATEST(shadow_totals.max_abs_delta, excluded.max_abs_delta)`
        for (const [from, row] of Object.entries(tally.migration)) {
          for (const [to, leads] of Object.entries(row)) {
            await tx`
              INSERT INTO shadow_migration (request_id, from_tier, to_tier, leads)
              VALUES (${id}, ${from}, ${to}, ${leads})
              ON CONFLICT (request_id, from_tier, to_tier)
              DO UPDATE SET leads = shadow_migration.leads + excluded.leads`
          }
        }
        for (const m of tally.movers) {
          await tx`
            INSERT INTO shadow_movers (request_id, lead, production_total, candidate_total,
              production_tier, candidate_tier, delta, abs_delta)
            VALUES (${id}, ${m.lead}, ${m.productionTotal}, ${m.candidateTotal},
              ${m.productionTier}, ${m.candidateTier}, ${m.delta}, ${Math.abs(m.delta)})`
        }
        // Another instance pruning at once keeps a superset of the true top: a row among the top
        // of all movers is among the top of any set holding it, so no one deletes it.
        await tx`
          DELETE FROM shadow_movers WHERE request_id = ${id} AND id NOT IN (
            SELECT id FROM shadow_movers WHERE request_id = ${id}
            ORDER BY abs_delta DESC, id LIMIT ${SHADOW_MOVERS})`
        return true
      }),
    async get(id) {
      const [totals] = await sql<TotalsRow[]>`
        SELECT * FROM shadow_totals WHERE request_id = ${id}`
      if (totals === undefined) return null
      const cells = await sql<CellRow[]>`
        SELECT from_tier, to_tier, leads FROM shadow_migration WHERE request_id = ${id}
        ORDER BY from_tier, to_tier`
      const movers = await sql<MoverRow[]>`
        SELECT * FROM shadow_movers WHERE request_id = ${id}
        ORDER BY abs_delta DESC, id LIMIT ${SHADOW_MOVERS}`
      const migration: ShadowTally['migration'] = {}
      for (const cell of cells) (migration[cell.from_tier] ??= {})[cell.to_tier] = cell.leads
      return {
        scored: totals.scored,
        tierChanged: totals.tier_changed,
        sumDelta: totals.sum_delta,
        maxAbsDelta: totals.max_abs_delta,
        migration,
        movers: movers.map((row) => ({
          lead: row.lead,
          productionTotal: row.production_total,
          candidateTotal: row.candidate_total,
          productionTier: row.production_tier,
          candidateTier: row.candidate_tier,
          delta: row.delta,
        })),
      }
    },
  }
}
