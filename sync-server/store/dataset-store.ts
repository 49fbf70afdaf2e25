import type { UserRef } from '../../shared/api-common-schemas.ts'

/** An uploaded reference dataset: a CSV kept byte for byte, with what its parse found. */
export interface DatasetInfo {
  id: string
  name: string
  /** The CSV header, in order. */
  fields: string[]
  rows: number
  bytes: number
  /** sha256 (hex) of the CSV bytes. */
  sha256: string
  createdAt: number
  createdBy: UserRef
}

/** The reference dataset chosen for a model. */
export interface ReferenceChoice {
  modelId: string
  datasetId: string
  chosenAt: number
  chosenBy: UserRef
}

export interface DatasetStore {
  insert(info: DatasetInfo, csv: Uint8Array): Promise<void>
  /** Newest first. */
  list(): Promise<DatasetInfo[]>
  get(id: string): Promise<DatasetInfo | null>
  csv(id: string): Promise<Uint8Array | null>
  /** The model's chosen dataset, or null when it uses the built-in demo data. */
  referenceOf(modelId: string): Promise<ReferenceChoice | null>
  /** Chooses an uploaded dataset for the model. */
  setReference(choice: ReferenceChoice): Promise<void>
  /** Goes back to the built-in demo data. */
  clearReference(modelId: string): Promise<void>
}
