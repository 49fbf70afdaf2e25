import type Database from 'better-sqlite3'
import type { DatasetInfo, DatasetStore } from '../dataset-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

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

interface ReferenceRow {
  model_id: string
  dataset_id: string
  chosen_at: number
  chosen_by_id: string
  chosen_by_name: string
}

const INFO_COLUMNS =
  'id, name, fields_json, row_count, bytes, sha256, created_at, created_by_id, created_by_name'

/** Uploaded datasets (immutable once stored) and each model's choice among them. */
export function createSqliteDatasetStore(db: Database.Database): SyncPart<DatasetStore> {
  const insert = db.prepare(
    `INSERT INTO datasets (id, name, fields_json, row_count, bytes, sha256, csv, created_at,
       created_by_id, created_by_name)
     VALUES (@id, @name, @fieldsJson, @rows, @bytes, @sha256, @csv, @createdAt, @createdById,
       @createdByName)`,
  )
  const selectAll = db.prepare<[], DatasetRow>(
    `SELECT ${INFO_COLUMNS} FROM datasets ORDER BY created_at DESC, rowid DESC`,
  )
  const selectOne = db.prepare<[string], DatasetRow>(
    `SELECT ${INFO_COLUMNS} FROM datasets WHERE id = ?`,
  )
  const selectCsv = db.prepare<[string], { csv: Buffer }>('SELECT csv FROM datasets WHERE id = ?')
  const selectReference = db.prepare<[string], ReferenceRow>(
    'SELECT * FROM reference_datasets WHERE model_id = ?',
  )
  const upsertReference = db.prepare(
    `INSERT INTO reference_datasets (model_id, dataset_id, chosen_at, chosen_by_id, chosen_by_name)
     VALUES (@modelId, @datasetId, @chosenAt, @chosenById, @chosenByName)
     ON CONFLICT (model_id) DO UPDATE SET dataset_id = excluded.dataset_id,
       chosen_at = excluded.chosen_at, chosen_by_id = excluded.chosen_by_id,
       chosen_by_name = excluded.chosen_by_name`,
  )
  const deleteReference = db.prepare<[string]>('DELETE FROM reference_datasets WHERE model_id = ?')
  return {
    insert(info, csv) {
      insert.run({
        id: info.id,
        name: info.name,
        fieldsJson: JSON.stringify(info.fields),
        rows: info.rows,
        bytes: info.bytes,
        sha256: info.sha256,
        csv,
        createdAt: info.createdAt,
        createdById: info.createdBy.id,
        createdByName: info.createdBy.name,
      })
    },
    list: () => selectAll.all().map(fromRow),
    get(id) {
      const row = selectOne.get(id)
      return row === undefined ? null : fromRow(row)
    },
    csv: (id) => selectCsv.get(id)?.csv ?? null,
    referenceOf(modelId) {
      const row = selectReference.get(modelId)
      if (row === undefined) return null
      return {
        modelId: row.model_id,
        datasetId: row.dataset_id,
        chosenAt: row.chosen_at,
        chosenBy: { id: row.chosen_by_id, name: row.chosen_by_name },
      }
    },
    setReference(choice) {
      upsertReference.run({
        modelId: choice.modelId,
        datasetId: choice.datasetId,
        chosenAt: choice.chosenAt,
        chosenById: choice.chosenBy.id,
        chosenByName: choice.chosenBy.name,
      })
    },
    clearReference: (modelId) => void deleteReference.run(modelId),
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
