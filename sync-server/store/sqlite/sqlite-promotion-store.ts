import type Database from 'better-sqlite3'
import type { PromotionRequest, PromotionStore } from '../promotion-store.ts'
import type { PromotionStatus } from '../../../shared/promotion-api-schemas.ts'
import type { SyncPart } from './sqlite-gate.ts'
import type { Finding } from '../../../shared/finding-schema.ts'
import type { PromotionBacktest } from '../../../shared/backtest-schema.ts'
import type { ImpactReport } from '../../../shared/impact-schema.ts'

interface RequestRow {
  id: string
  model_id: string
  snapshot_id: string
  hash: string
  note: string | null
  dataset_id: string
  as_of: number
  impact_json: string | null
  backtest_json: string | null
  findings_json: string
  based_on_version: number
  status: PromotionStatus
  requested_at: number
  requested_by_id: string
  requested_by_name: string
  decided_at: number | null
  decided_by_id: string | null
  decided_by_name: string | null
  reason: string | null
  version: number | null
  scheduled_for: number | null
  settled_at: number | null
  settled_by_id: string | null
  settled_by_name: string | null
}

/** Promotion requests; the schema's triggers let a request be decided once and never deleted. */
export function createSqlitePromotionStore(db: Database.Database): SyncPart<PromotionStore> {
  const insert = db.prepare(
    `INSERT INTO promotion_requests (id, model_id, snapshot_id, hash, note, dataset_id, as_of,
       impact_json, backtest_json, findings_json, based_on_version, status, requested_at,
       requested_by_id, requested_by_name, scheduled_for)
     VALUES (@id, @modelId, @snapshotId, @hash, @note, @datasetId, @asOf, @impactJson,
       @backtestJson, @findingsJson, @basedOnVersion, 'pending', @requestedAt, @requestedById,
       @requestedByName, @scheduledFor)`,
  )
  const selectOne = db.prepare<[string], RequestRow>(
    'SELECT * FROM promotion_requests WHERE id = ?',
  )
  // NULL parameters match every model / status, so one statement serves each filter.
  const selectList = db.prepare<
    { modelId: string | null; status: string | null; limit: number },
    RequestRow
  >(
    `SELECT * FROM promotion_requests
     WHERE (@modelId IS NULL OR model_id = @modelId) AND (@status IS NULL OR status = @status)
     ORDER BY requested_at DESC, rowid DESC LIMIT @limit`,
  )
  const decide = db.prepare(
    `UPDATE promotion_requests
     SET status = @status, decided_at = @at, decided_by_id = @byId, decided_by_name = @byName,
       reason = @reason, version = @version
     WHERE id = @id AND status = 'pending'`,
  )
  const settle = db.prepare(
    `UPDATE promotion_requests
     SET status = @status, settled_at = @at, settled_by_id = @byId, settled_by_name = @byName,
       reason = @reason, version = @version
     WHERE id = @id AND status = @from`,
  )
  const selectDue = db.prepare<[number, number], RequestRow>(
    `SELECT * FROM promotion_requests WHERE status = 'scheduled' AND scheduled_for <= ?
     ORDER BY scheduled_for, rowid LIMIT ?`,
  )
  const selectNextDue = db.prepare<[], { due: number | null }>(
    "SELECT MIN(scheduled_for) AS due FROM promotion_requests WHERE status = 'scheduled'",
  )
  return {
    insert(request) {
      insert.run({
        id: request.id,
        modelId: request.modelId,
        snapshotId: request.snapshotId,
        hash: request.hash,
        note: request.note,
        datasetId: request.datasetId,
        asOf: request.asOf,
        impactJson: request.impact === null ? null : JSON.stringify(request.impact),
        backtestJson: request.backtest === null ? null : JSON.stringify(request.backtest),
        findingsJson: JSON.stringify(request.findings),
        basedOnVersion: request.basedOnVersion,
        requestedAt: request.requestedAt,
        requestedById: request.requestedBy.id,
        requestedByName: request.requestedBy.name,
        scheduledFor: request.scheduledFor,
      })
    },
    get(id) {
      const row = selectOne.get(id)
      return row === undefined ? null : fromRow(row)
    },
    list: ({ modelId, status, limit }) =>
      selectList.all({ modelId: modelId ?? null, status: status ?? null, limit }).map(fromRow),
    decide: (id, decision) =>
      decide.run({
        id,
        status: decision.status,
        at: decision.at,
        byId: decision.by.id,
        byName: decision.by.name,
        reason: decision.reason,
        version: decision.version,
      }).changes === 1,
    settle: (id, from, settlement) =>
      settle.run({
        id,
        from,
        status: settlement.status,
        at: settlement.at,
        byId: settlement.by.id,
        byName: settlement.by.name,
        reason: settlement.reason,
        version: settlement.version,
      }).changes === 1,
    listDue: (now, limit) => selectDue.all(now, limit).map(fromRow),
    nextDueAt: () => selectNextDue.get()?.due ?? null,
  }
}

function fromRow(row: RequestRow): PromotionRequest {
  return {
    id: row.id,
    modelId: row.model_id,
    snapshotId: row.snapshot_id,
    hash: row.hash,
    note: row.note,
    datasetId: row.dataset_id,
    asOf: row.as_of,
    impact: row.impact_json === null ? null : (JSON.parse(row.impact_json) as ImpactReport),
    backtest:
      row.backtest_json === null ? null : (JSON.parse(row.backtest_json) as PromotionBacktest),
    findings: JSON.parse(row.findings_json) as Finding[],
    basedOnVersion: row.based_on_version,
    status: row.status,
    requestedAt: row.requested_at,
    requestedBy: { id: row.requested_by_id, name: row.requested_by_name },
    decidedAt: row.decided_at,
    decidedBy:
      row.decided_by_id === null
        ? null
        : { id: row.decided_by_id, name: row.decided_by_name ?? row.decided_by_id },
    reason: row.reason,
    version: row.version,
    scheduledFor: row.scheduled_for,
    settledAt: row.settled_at,
    settledBy:
      row.settled_by_id === null
        ? null
        : { id: row.settled_by_id, name: row.settled_by_name ?? row.settled_by_id },
  }
}
