import type { Finding } from '../../../shared/finding-schema.ts'
import type { Model } from '../../../shared/model-schema.ts'
import type { Snapshot, SnapshotStore } from '../snapshot-store.ts'
import { toBuffer, toBytes, type PostgresSql } from './postgres-sql.ts'

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

/** Snapshots; the schema's triggers keep them immutable once inserted. */
export function createPostgresSnapshotStore(sql: PostgresSql): SnapshotStore {
  const columns = sql`id, doc_id, label, hash, model_json, findings_json, created_at, created_by_id, created_by_name`
  return {
    async insert(snapshot, state) {
      await sql`
        INSERT INTO snapshots (id, doc_id, label, state, model_json, hash, findings_json, created_at,
          created_by_id, created_by_name)
        VALUES (${snapshot.id}, ${snapshot.modelId}, ${snapshot.label}, ${toBuffer(state)},
          ${JSON.stringify(snapshot.model)}, ${snapshot.hash}, ${JSON.stringify(snapshot.findings)},
          ${snapshot.createdAt}, ${snapshot.createdBy.id}, ${snapshot.createdBy.name})`
    },
    async list(modelId) {
      const rows = await sql<SnapshotRow[]>`
        SELECT ${columns} FROM snapshots WHERE doc_id = ${modelId} ORDER BY created_at, ord`
      return rows.map(fromRow)
    },
    async count(modelId) {
      const [row] = await sql<{ count: number }[]>`
        SELECT COUNT(*)::int AS count FROM snapshots WHERE doc_id = ${modelId}`
      return row?.count ?? 0
    },
    async get(modelId, snapshotId) {
      const [row] = await sql<SnapshotRow[]>`
        SELECT ${columns} FROM snapshots WHERE doc_id = ${modelId} AND id = ${snapshotId}`
      return row === undefined ? null : fromRow(row)
    },
    async state(modelId, snapshotId) {
      const [row] = await sql<{ state: Buffer }[]>`
        SELECT state FROM snapshots WHERE doc_id = ${modelId} AND id = ${snapshotId}`
      return row === undefined ? null : toBytes(row.state)
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
