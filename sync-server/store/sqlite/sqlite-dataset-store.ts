import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { createReadStream, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { ensurePrivateDir } from '../../private-files.ts'
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

/** An upload in progress; a file of this form with no row is swept by `purge`. */
const UPLOAD_PREFIX = '.upload-'

/**
 * Uploaded datasets and each model's choice among them. A CSV is a file `<id>.csv` in `directory`
 * (0700, files 0600), so it is streamed in and out and never held in memory; the row holds what
 * its parse found. Rows from before files keep their bytes in the `csv` column.
 */
export function createSqliteDatasetStore(
  db: Database.Database,
  directory: string,
): SyncPart<DatasetStore> {
  ensurePrivateDir(directory)
  const insert = db.prepare(
    `INSERT INTO datasets (id, name, fields_json, row_count, bytes, sha256, csv, file, created_at,
       created_by_id, created_by_name)
     VALUES (@id, @name, @fieldsJson, @rows, @bytes, @sha256, x'', @file, @createdAt,
       @createdById, @createdByName)`,
  )
  const selectFile = db.prepare<[string], { file: string | null }>(
    'SELECT file FROM datasets WHERE id = ?',
  )
  const selectFiles = db.prepare<[], { file: string }>(
    'SELECT file FROM datasets WHERE file IS NOT NULL',
  )
  const selectUsage = db.prepare<
    { userId: string | null },
    { count: number; bytes: number | null }
  >(
    `SELECT COUNT(*) AS count, SUM(bytes) AS bytes FROM datasets
     WHERE @userId IS NULL OR created_by_id = @userId`,
  )
  const selectReferencing = db.prepare<[string], { model_id: string }>(
    'SELECT model_id FROM reference_datasets WHERE dataset_id = ? ORDER BY model_id',
  )
  const deleteOne = db.prepare<[string]>('DELETE FROM datasets WHERE id = ?')
  // File names come from this store (`<uuid>.csv`): joining one never leaves the directory.
  const pathOf = (file: string) => join(directory, file)
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
  /** Removes files no row names; uploads in progress too when `uploads` (none is, at start). */
  const purge = (uploads: boolean) => {
    const kept = new Set(selectFiles.all().map((row) => row.file))
    for (const name of readdirSync(directory)) {
      const upload = name.startsWith(UPLOAD_PREFIX)
      if (!kept.has(name) && (uploads || !upload)) rmSync(pathOf(name), { force: true })
    }
  }
  // What a crash left: an upload cut off, or the file of a dataset whose delete committed.
  purge(true)
  return {
    uploadFile: () => pathOf(`${UPLOAD_PREFIX}${randomUUID()}`),
    insert(info, csvFile) {
      const file = `${info.id}.csv`
      renameSync(csvFile, pathOf(file))
      insert.run({
        id: info.id,
        name: info.name,
        fieldsJson: JSON.stringify(info.fields),
        rows: info.rows,
        bytes: info.bytes,
        sha256: info.sha256,
        file,
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
    csv(id) {
      const row = selectFile.get(id)
      if (row === undefined) return null
      return row.file === null ? (selectCsv.get(id)?.csv ?? null) : readFileSync(pathOf(row.file))
    },
    openCsv(id) {
      const row = selectFile.get(id)
      if (row === undefined) return null
      if (row.file !== null) return createReadStream(pathOf(row.file))
      return Readable.from([selectCsv.get(id)?.csv ?? Buffer.alloc(0)])
    },
    usage(userId) {
      const row = selectUsage.get({ userId })
      return { count: row?.count ?? 0, bytes: row?.bytes ?? 0 }
    },
    referencedBy: (id) => selectReferencing.all(id).map((row) => row.model_id),
    remove: (id) => deleteOne.run(id).changes > 0,
    purge: () => purge(false),
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
