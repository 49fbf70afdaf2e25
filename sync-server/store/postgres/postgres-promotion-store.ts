import type { PromotionBacktest } from '../../../shared/backtest-schema.ts'
import type { PromotionStatus } from '../../../shared/promotion-api-schemas.ts'
import type { Finding } from '../../../shared/finding-schema.ts'
import type { ImpactReport } from '../../../shared/impact-schema.ts'
import type { PromotionRequest, PromotionStore } from '../promotion-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

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
export function createPostgresPromotionStore(sql: PostgresSql): PromotionStore {
  return {
    async insert(r) {
      await sql`
        INSERT INTO promotion_requests (id, model_id, snapshot_id, hash, note, dataset_id, as_of,
          impact_json, backtest_json, findings_json, based_on_version, status, requested_at, requested_by_id,
          requested_by_name, scheduled_for)
        VALUES (${r.id}, ${r.modelId}, ${r.snapshotId}, ${r.hash}, ${r.note}, ${r.datasetId},
          ${r.asOf}, ${r.impact === null ? null : JSON.stringify(r.impact)},
          ${r.backtest === null ? null : JSON.stringify(r.backtest)},
          ${JSON.stringify(r.findings)}, ${r.basedOnVersion}, 'pending', ${r.requestedAt},
          ${r.requestedBy.id}, ${r.requestedBy.name}, ${r.scheduledFor})`
    },
    async get(id) {
      const [row] = await sql<RequestRow[]>`SELECT * FROM promotion_requests WHERE id = ${id}`
      return row === undefined ? null : fromRow(row)
    },
    async list({ modelId, status, limit }) {
      const rows = await sql<RequestRow[]>`
        SELECT * FROM promotion_requests
        WHERE (${modelId ?? null}::text IS NULL OR model_id = ${modelId ?? null})
          AND (${status ?? null}::text IS NULL OR status = ${status ?? null})
        ORDER BY requested_at DESC, ord DESC LIMIT ${limit}`
      return rows.map(fromRow)
    },
    async decide(id, d) {
      const result = await sql`
        UPDATE promotion_requests
        SET status = ${d.status}, decided_at = ${d.at}, decided_by_id = ${d.by.id},
          decided_by_name = ${d.by.name}, reason = ${d.reason}, version = ${d.version}
        WHERE id = ${id} AND status = 'pending'`
      return result.count === 1
    },
    async settle(id, from, s) {
      const result = await sql`
        UPDATE promotion_requests
        SET status = ${s.status}, settled_at = ${s.at}, settled_by_id = ${s.by.id},
          settled_by_name = ${s.by.name}, reason = ${s.reason}, version = ${s.version}
        WHERE id = ${id} AND status = ${from}`
      return result.count === 1
    },
    async listDue(now, limit) {
      const rows = await sql<RequestRow[]>`
        SELECT * FROM promotion_requests WHERE status = 'scheduled' AND scheduled_for <= ${now}
        ORDER BY scheduled_for, ord LIMIT ${limit}`
      return rows.map(fromRow)
    },
    async nextDueAt() {
      const [row] = await sql<{ due: number | null }[]>`
        SELECT MIN(scheduled_for) AS due FROM promotion_requests WHERE status = 'scheduled'`
      return row?.due ?? null
    },
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
