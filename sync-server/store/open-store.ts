import type { Durability } from './sqlite/open-sqlite-database.ts'
import { openSqliteStore } from './sqlite/open-sqlite-store.ts'
import type { Store } from './store.ts'

export interface StoreConfig {
  /** The directory of the SQLite file. */
  dataDir: string
  /** How SQLite syncs its commits; default `normal`. */
  durability?: Durability
}

/** Opens the server's store: SQLite in `dataDir`. */
export async function openStore(config: StoreConfig): Promise<Store> {
  return openSqliteStore(config.dataDir, config.durability)
}
