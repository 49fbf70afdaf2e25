import { parse } from 'csv-parse/sync'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { Store } from '../store/store.ts'
import { DEMO_DATASET, demoColumns } from './demo-dataset.ts'
import { DATASET_CSV_OPTIONS } from './parse-dataset-csv.ts'

/** A dataset ready to score: its columns, and the instant to score it at (null: the request's). */
export interface ReferenceDataset {
  id: string
  name: string
  fields: readonly string[]
  columns: LeadColumns
  asOf: number | null
}

export interface ReferenceData {
  /** The dataset a model's promotion impact is computed on: its chosen upload, else the demo leads. */
  forModel(modelId: string): Promise<ReferenceDataset>
}

/**
 * Loads reference datasets for impact analysis. An upload is parsed from its stored bytes on first
 * use and kept (datasets are immutable), the few most recently used only.
 */
export function createReferenceData(store: Store, capacity = 4): ReferenceData {
  const cache = new Map<string, ReferenceDataset>()
  const load = async (datasetId: string): Promise<ReferenceDataset | null> => {
    if (datasetId === DEMO_DATASET.id) {
      const { id, name, fields, asOf } = DEMO_DATASET
      return { id, name, fields, asOf, columns: demoColumns() }
    }
    const cached = cache.get(datasetId)
    if (cached !== undefined) return cached
    const info = await store.datasets.get(datasetId)
    const csv = await store.datasets.csv(datasetId)
    if (info === null || csv === null) return null
    const dataset: ReferenceDataset = {
      id: info.id,
      name: info.name,
      fields: info.fields,
      columns: columnsOfCsv(csv),
      asOf: null,
    }
    cache.set(datasetId, dataset)
    if (cache.size > capacity) cache.delete(cache.keys().next().value as string)
    return dataset
  }
  return {
    async forModel(modelId) {
      const choice = await store.datasets.referenceOf(modelId)
      const chosen = choice === null ? null : await load(choice.datasetId)
      return chosen ?? (await load(DEMO_DATASET.id))!
    },
  }
}

/** A stored CSV by column; every value is the string the file holds ("" reads as missing). */
function columnsOfCsv(csv: Uint8Array): LeadColumns {
  const [header = [], ...rows] = parse(
    Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength),
    DATASET_CSV_OPTIONS,
  ) as string[][]
  // fromEntries defines own properties, so a column named "__proto__" stays a column.
  const columns = Object.fromEntries(header.map((field, i) => [field, rows.map((row) => row[i])]))
  return { length: rows.length, columns }
}
