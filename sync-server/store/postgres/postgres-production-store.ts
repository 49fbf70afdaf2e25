import type { ProductionKind } from '../../../shared/promotion-api-schemas.ts'
import type { ProductionStore, ProductionVersion } from '../production-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

interface VersionRow {
  model_id: string
  version: number
  snapshot_id: string
  hash: string
  kind: ProductionKind
  request_id: string | null
  rolled_back_to: number | null
  promoted_at: number
  promoted_by_id: string
  promoted_by_name: string
}

/** The production history; the schema's triggers keep it append-only and gap-free. */
export function createPostgresProductionStore(sql: PostgresSql): ProductionStore {
  return {
    async current(modelId) {
      const [row] = await sql<VersionRow[]>`
        SELECT * FROM production_versions WHERE model_id = ${modelId}
        ORDER BY version DESC LIMIT 1`
      return row === undefined ? null : fromRow(row)
    },
    async get(modelId, version) {
      const [row] = await sql<VersionRow[]>`
        SELECT * FROM production_versions WHERE model_id = ${modelId} AND version = ${version}`
      return row === undefined ? null : fromRow(row)
    },
    async list(modelId) {
      const rows = await sql<VersionRow[]>`
        SELECT * FROM production_versions WHERE model_id = ${modelId} ORDER BY version DESC`
      return rows.map(fromRow)
    },
    async currentVersions() {
      const rows = await sql<{ model_id: string; version: number }[]>`
        SELECT model_id, MAX(version) AS version FROM production_versions GROUP BY model_id`
      return new Map(rows.map((row) => [row.model_id, row.version]))
    },
    async insert(v) {
      await sql`
        INSERT INTO production_versions (model_id, version, snapshot_id, hash, kind, request_id,
          rolled_back_to, promoted_at, promoted_by_id, promoted_by_name)
        VALUES (${v.modelId}, ${v.version}, ${v.snapshotId}, ${v.hash}, ${v.kind}, ${v.requestId},
          ${v.rolledBackTo}, ${v.promotedAt}, ${v.promotedBy.id}, ${v.promotedBy.name})`
    },
  }
}

function fromRow(row: VersionRow): ProductionVersion {
  return {
    modelId: row.model_id,
    version: row.version,
    snapshotId: row.snapshot_id,
    hash: row.hash,
    kind: row.kind,
    requestId: row.request_id,
    rolledBackTo: row.rolled_back_to,
    promotedAt: row.promoted_at,
    promotedBy: { id: row.promoted_by_id, name: row.promoted_by_name },
  }
}
