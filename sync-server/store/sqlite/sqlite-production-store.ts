import type Database from 'better-sqlite3'
import type { ProductionKind, ProductionStore, ProductionVersion } from '../production-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

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
export function createSqliteProductionStore(db: Database.Database): SyncPart<ProductionStore> {
  const selectCurrent = db.prepare<[string], VersionRow>(
    'SELECT * FROM production_versions WHERE model_id = ? ORDER BY version DESC LIMIT 1',
  )
  const selectOne = db.prepare<[string, number], VersionRow>(
    'SELECT * FROM production_versions WHERE model_id = ? AND version = ?',
  )
  const selectAll = db.prepare<[string], VersionRow>(
    'SELECT * FROM production_versions WHERE model_id = ? ORDER BY version DESC',
  )
  const selectVersions = db.prepare<[], { model_id: string; version: number }>(
    'SELECT model_id, MAX(version) AS version FROM production_versions GROUP BY model_id',
  )
  const insert = db.prepare(
    `INSERT INTO production_versions (model_id, version, snapshot_id, hash, kind, request_id,
       rolled_back_to, promoted_at, promoted_by_id, promoted_by_name)
     VALUES (@modelId, @version, @snapshotId, @hash, @kind, @requestId, @rolledBackTo,
       @promotedAt, @promotedById, @promotedByName)`,
  )
  return {
    current(modelId) {
      const row = selectCurrent.get(modelId)
      return row === undefined ? null : fromRow(row)
    },
    get(modelId, version) {
      const row = selectOne.get(modelId, version)
      return row === undefined ? null : fromRow(row)
    },
    list: (modelId) => selectAll.all(modelId).map(fromRow),
    currentVersions: () => new Map(selectVersions.all().map((row) => [row.model_id, row.version])),
    insert(v) {
      insert.run({
        modelId: v.modelId,
        version: v.version,
        snapshotId: v.snapshotId,
        hash: v.hash,
        kind: v.kind,
        requestId: v.requestId,
        rolledBackTo: v.rolledBackTo,
        promotedAt: v.promotedAt,
        promotedById: v.promotedBy.id,
        promotedByName: v.promotedBy.name,
      })
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
