import type Database from 'better-sqlite3'
import { SHADOW_MOVERS } from '../../../shared/promotion-api-schemas.ts'
import type { ShadowStore, ShadowTally } from '../shadow-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

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

/** Shadow figures of promotion requests, each tally added to what is there. */
export function createSqliteShadowStore(db: Database.Database): SyncPart<ShadowStore> {
  const stillPending = db.prepare<{ id: string; at: number }>(
    `SELECT 1 FROM promotion_requests
     WHERE id = @id AND (status = 'pending' OR decided_at >= @at)`,
  )
  const addTotals = db.prepare(
    `INSERT INTO shadow_totals (request_id, scored, tier_changed, sum_delta, max_abs_delta)
     VALUES (@id, @scored, @tierChanged, @sumDelta, @maxAbsDelta)
     ON CONFLICT (request_id) DO UPDATE SET
       scored = scored + excluded.scored,
       tier_changed = tier_changed + excluded.tier_changed,
       sum_delta = sum_delta + excluded.sum_delta,
       max_abs_delta = max(max_abs_delta, excluded.max_abs_delta)`,
  )
  const addCell = db.prepare(
    `INSERT INTO shadow_migration (request_id, from_tier, to_tier, leads)
     VALUES (@id, @from, @to, @leads)
     ON CONFLICT (request_id, from_tier, to_tier) DO UPDATE SET leads = leads + excluded.leads`,
  )
  const addMover = db.prepare(
    `INSERT INTO shadow_movers (request_id, lead, production_total, candidate_total,
       production_tier, candidate_tier, delta, abs_delta)
     VALUES (@id, @lead, @productionTotal, @candidateTotal, @productionTier, @candidateTier,
       @delta, @absDelta)`,
  )
  const pruneMovers = db.prepare<{ id: string; keep: number }>(
    `DELETE FROM shadow_movers WHERE request_id = @id AND id NOT IN (
       SELECT id FROM shadow_movers WHERE request_id = @id
       ORDER BY abs_delta DESC, id LIMIT @keep)`,
  )
  const selectTotals = db.prepare<[string], TotalsRow>(
    'SELECT * FROM shadow_totals WHERE request_id = ?',
  )
  const selectCells = db.prepare<[string], CellRow>(
    'SELECT from_tier, to_tier, leads FROM shadow_migration WHERE request_id = ? ORDER BY from_tier, to_tier',
  )
  const selectMovers = db.prepare<{ id: string; keep: number }, MoverRow>(
    `SELECT * FROM shadow_movers WHERE request_id = @id ORDER BY abs_delta DESC, id LIMIT @keep`,
  )
  const add = db.transaction((id: string, tally: ShadowTally, at: number): boolean => {
    if (stillPending.get({ id, at }) === undefined) return false
    const { scored, tierChanged, sumDelta, maxAbsDelta } = tally
    addTotals.run({ id, scored, tierChanged, sumDelta, maxAbsDelta })
    for (const [from, row] of Object.entries(tally.migration)) {
      for (const [to, leads] of Object.entries(row)) addCell.run({ id, from, to, leads })
    }
    for (const mover of tally.movers) {
      addMover.run({ id, ...mover, absDelta: Math.abs(mover.delta) })
    }
    pruneMovers.run({ id, keep: SHADOW_MOVERS })
    return true
  })
  return {
    add,
    get(id) {
      const totals = selectTotals.get(id)
      if (totals === undefined) return null
      const migration: ShadowTally['migration'] = {}
      for (const cell of selectCells.all(id)) {
        ;(migration[cell.from_tier] ??= {})[cell.to_tier] = cell.leads
      }
      return {
        scored: totals.scored,
        tierChanged: totals.tier_changed,
        sumDelta: totals.sum_delta,
        maxAbsDelta: totals.max_abs_delta,
        migration,
        movers: selectMovers.all({ id, keep: SHADOW_MOVERS }).map(fromMoverRow),
      }
    },
  }
}

function fromMoverRow(row: MoverRow): ShadowTally['movers'][number] {
  return {
    lead: row.lead,
    productionTotal: row.production_total,
    candidateTotal: row.candidate_total,
    productionTier: row.production_tier,
    candidateTier: row.candidate_tier,
    delta: row.delta,
  }
}
