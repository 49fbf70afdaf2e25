import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { DatasetInfo, DatasetStore } from '../dataset-store.ts'
import { toBytes, type PostgresSql } from './postgres-sql.ts'

interface DatasetRow {
  id: string
  name: string
  fields_json: string
  row_count: number
  bytes: number
  sha256: string
  created_at: number
  created_by_id: string
  created_by_name: string
}

/**
 * Uploaded datasets and each model's choice among them. Every instance must read every dataset,
 * so the CSV lives in the database (bytea); an upload streams to a private temp file on this
 * instance first and is read in by `insert`.
 */
export function createPostgresDatasetStore(sql: PostgresSql): DatasetStore {
  // mkdtemp makes the directory 0700: uploads in progress are this process's alone.
  let uploads: string | null = null
  const uploadDir = () => (uploads ??= mkdtempSync(join(tmpdir(), 'scoring-uploads-')))
  const columns = sql`id, name, fields_json, row_count, bytes, sha256, created_at, created_by_id, created_by_name`
  return {
    async uploadFile() {
      return join(uploadDir(), `${randomUUID()}.csv`)
    },
    async insert(info, csvFile) {
      const csv = readFileSync(csvFile)
      await sql`
        INSERT INTO datasets (id, name, fields_json, row_count, bytes, sha256, csv, created_at,
          created_by_id, created_by_name)
        VALUES (${info.id}, ${info.name}, ${JSON.stringify(info.fields)}, ${info.rows},
          ${info.bytes}, ${info.sha256}, ${csv}, ${info.createdAt},
          ${info.createdBy.id}, ${info.createdBy.name})`
      rmSync(csvFile, { force: true })
    },
    async list() {
      const rows = await sql<DatasetRow[]>`
        SELECT ${columns} FROM datasets ORDER BY created_at DESC, ord DESC`
      return rows.map(fromRow)
    },
    async get(id) {
      const [row] = await sql<DatasetRow[]>`SELECT ${columns} FROM datasets WHERE id = ${id}`
      return row === undefined ? null : fromRow(row)
    },
    async csv(id) {
      const [row] = await sql<{ csv: Buffer }[]>`SELECT csv FROM datasets WHERE id = ${id}`
      return row === undefined ? null : toBytes(row.csv)
    },
    async openCsv(id) {
      const [row] = await sql<{ csv: Buffer }[]>`SELECT csv FROM datasets WHERE id = ${id}`
      return row === undefined ? null : Readable.from([row.csv])
    },
    async usage(userId) {
      const [row] = await sql<{ count: number; bytes: number | null }[]>`
        SELECT COUNT(*)::int AS count, SUM(bytes)::bigint AS bytes FROM datasets
        WHERE ${userId}::text IS NULL OR created_by_id = ${userId}`
      return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 }
    },
    async referencedBy(id) {
      const rows = await sql<{ model_id: string }[]>`
        SELECT model_id FROM reference_datasets WHERE dataset_id = ${id} ORDER BY model_id`
      return rows.map((row) => row.model_id)
    },
    async remove(id) {
      return (await sql`DELETE FROM datasets WHERE id = ${id}`).count === 1
    },
    async purge() {
      // The bytes go with the row: a delete leaves nothing behind to drop.
    },
    async referenceOf(modelId) {
      const [row] = await sql<
        {
          model_id: string
          dataset_id: string
          chosen_at: number
          chosen_by_id: string
          chosen_by_name: string
        }[]
      >`SELECT * FROM reference_datasets WHERE model_id = ${modelId}`
      if (row === undefined) return null
      return {
        modelId: row.model_id,
        datasetId: row.dataset_id,
        chosenAt: row.chosen_at,
        chosenBy: { id: row.chosen_by_id, name: row.chosen_by_name },
      }
    },
    async setReference(c) {
      await sql`
        INSERT INTO reference_datasets (model_id, dataset_id, chosen_at, chosen_by_id, chosen_by_name)
        VALUES (${c.modelId}, ${c.datasetId}, ${c.chosenAt}, ${c.chosenBy.id}, ${c.chosenBy.name})
        ON CONFLICT (model_id) DO UPDATE SET dataset_id = excluded.dataset_id,
          chosen_at = excluded.chosen_at, chosen_by_id = excluded.chosen_by_id,
          chosen_by_name = excluded.chosen_by_name`
    },
    async clearReference(modelId) {
      await sql`DELETE FROM reference_datasets WHERE model_id = ${modelId}`
    },
  }
}

function fromRow(row: DatasetRow): DatasetInfo {
  return {
    id: row.id,
    name: row.name,
    fields: JSON.parse(row.fields_json) as string[],
    rows: row.row_count,
    bytes: row.bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
    createdBy: { id: row.created_by_id, name: row.created_by_name },
  }
}
