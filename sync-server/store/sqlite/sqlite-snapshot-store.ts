import type Database from 'better-sqlite3'
import type { Snapshot, SnapshotStore } from '../snapshot-store.ts'
import type { SyncPart } from './sqlite-gate.ts'
import type { Finding } from '../../../shared/finding-schema.ts'
import type { Model } from '../../../shared/model-schema.ts'

interface SnapshotRow {
  id: string
  doc_id: string
  label: string
  hash: string
  model_json: string
  findings_json: string
  created_at: number
  created_by_id: string
  created_by_name: string
}

const COLUMNS =
  'id, doc_id, label, hash, model_json, findings_json, created_at, created_by_id, created_by_name'

/** Snapshots; the schema's triggers keep them immutable once inserted. */
export function createSqliteSnapshotStore(db: Database.Database): SyncPart<SnapshotStore> {
  const insert = db.prepare(
    `INSERT INTO snapshots (id, doc_id, label, state, model_json, hash, findings_json, created_at, created_by_id, created_by_name)
     VALUES (@id, @docId, @label, @state, @modelJson, @hash, @findingsJson, @createdAt, @createdById, @createdByName)`,
  )
  const selectCount = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM snapshots WHERE doc_id = ?',
  )
  const selectByDoc = db.prepare<[string], SnapshotRow>(
    `SELECT ${COLUMNS} FROM snapshots WHERE doc_id = ? ORDER BY created_at, rowid`,
  )
  const selectOne = db.prepare<[string, string], SnapshotRow>(
    `SELECT ${COLUMNS} FROM snapshots WHERE doc_id = ? AND id = ?`,
  )
  const selectState = db.prepare<[string, string], { state: Buffer }>(
    'SELECT state FROM snapshots WHERE doc_id = ? AND id = ?',
  )
  return {
    insert(snapshot, state) {
      insert.run({
        id: snapshot.id,
        docId: snapshot.modelId,
        label: snapshot.label,
        state,
        modelJson: JSON.stringify(snapshot.model),
        hash: snapshot.hash,
        findingsJson: JSON.stringify(snapshot.findings),
        createdAt: snapshot.createdAt,
        createdById: snapshot.createdBy.id,
        createdByName: snapshot.createdBy.name,
      })
    },
    list: (modelId) => selectByDoc.all(modelId).map(fromRow),
    count: (modelId) => selectCount.get(modelId)?.n ?? 0,
    get(modelId, snapshotId) {
      const row = selectOne.get(modelId, snapshotId)
      return row === undefined ? null : fromRow(row)
    },
    state(modelId, snapshotId) {
      const row = selectState.get(modelId, snapshotId)
      return row === undefined ? null : new Uint8Array(row.state)
    },
  }
}

function fromRow(row: SnapshotRow): Snapshot {
  return {
    id: row.id,
    modelId: row.doc_id,
    label: row.label,
    hash: row.hash,
    model: JSON.parse(row.model_json) as Model,
    findings: JSON.parse(row.findings_json) as Finding[],
    createdAt: row.created_at,
    createdBy: { id: row.created_by_id, name: row.created_by_name },
  }
}
