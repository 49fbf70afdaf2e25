import type Database from 'better-sqlite3'
import { createAuditStore, type AuditStore } from './audit-store.ts'
import { createChangeStore, type ChangeStore } from './change-store.ts'
import { createDatasetStore, type DatasetStore } from './dataset-store.ts'
import { createDocStore, type DocStore } from './doc-store.ts'
import { openDatabase, type Durability } from './open-database.ts'
import { createProductionStore, type ProductionStore } from './production-store.ts'
import { applyPromotionSchema } from './promotion-schema.ts'
import { createPromotionStore, type PromotionStore } from './promotion-store.ts'
import { createSettingsStore, type SettingsStore } from './settings-store.ts'
import { createSnapshotStore, type SnapshotStore } from './snapshot-store.ts'
import { createWebhookStore, type WebhookStore } from './webhook-store.ts'

export interface Store {
  readonly docs: DocStore
  readonly snapshots: SnapshotStore
  readonly changes: ChangeStore
  readonly settings: SettingsStore
  readonly promotions: PromotionStore
  readonly production: ProductionStore
  readonly audit: AuditStore
  readonly datasets: DatasetStore
  readonly webhooks: WebhookStore
  /** Runs `fn` in one SQLite transaction. */
  transaction<T>(fn: () => T): T
  close(): void
}

/** Opens the server's SQLite store in `dataDir`. */
export function openStore(dataDir: string, durability: Durability = 'normal'): Store {
  const db: Database.Database = openDatabase(dataDir, durability)
  applyPromotionSchema(db)
  return {
    docs: createDocStore(db),
    snapshots: createSnapshotStore(db),
    changes: createChangeStore(db),
    settings: createSettingsStore(db),
    promotions: createPromotionStore(db),
    production: createProductionStore(db),
    audit: createAuditStore(db),
    datasets: createDatasetStore(db),
    webhooks: createWebhookStore(db),
    transaction: (fn) => db.transaction(fn)(),
    close() {
      if (!db.open) return
      // Fold the WAL back into the main file so the data directory is one self-contained file.
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
    },
  }
}
