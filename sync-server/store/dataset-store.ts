import type { Readable } from 'node:stream'
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

/** How many datasets, and how many bytes of them, are stored (for one user or in all). */
export interface DatasetUsage {
  count: number
  bytes: number
}

export interface DatasetStore {
  /** A new path to stream an upload to before `insert` (on the store's own disk, 0600 once written). */
  uploadFile(): Promise<string>
  /** Records a dataset and takes over the CSV the upload wrote to `csvFile`. */
  insert(info: DatasetInfo, csvFile: string): Promise<void>
  /** Newest first. */
  list(): Promise<DatasetInfo[]>
  get(id: string): Promise<DatasetInfo | null>
  /** The stored CSV, whole (for parsing a reference dataset). */
  csv(id: string): Promise<Uint8Array | null>
  /** The stored CSV as a stream (downloads never hold it whole). */
  openCsv(id: string): Promise<Readable | null>
  /** Datasets uploaded by `userId`, or by anyone when null. */
  usage(userId: string | null): Promise<DatasetUsage>
  /** The models whose reference dataset it is. */
  referencedBy(id: string): Promise<string[]>
  /** Deletes the dataset's record; false when there was none. Its bytes go with `purge`. */
  remove(id: string): Promise<boolean>
  /** Drops stored bytes no dataset refers to (after a delete commits, and at start). */
  purge(): Promise<void>
  /** The model's chosen dataset, or null when it uses the built-in demo data. */
  referenceOf(modelId: string): Promise<ReferenceChoice | null>
  /** Chooses an uploaded dataset for the model. */
  setReference(choice: ReferenceChoice): Promise<void>
  /** Goes back to the built-in demo data. */
  clearReference(modelId: string): Promise<void>
}
