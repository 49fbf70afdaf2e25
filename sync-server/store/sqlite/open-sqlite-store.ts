import { join } from 'node:path'
import type { Store, StoreParts, StoreTransaction } from '../store.ts'
import { openSqliteDatabase, type Durability } from './open-sqlite-database.ts'
import { createSqliteAuditStore } from './sqlite-audit-store.ts'
import { createSqliteBranchStore } from './sqlite-branch-store.ts'
import { createSqliteChangeStore } from './sqlite-change-store.ts'
import { createSqliteDatasetStore } from './sqlite-dataset-store.ts'
import { createSqliteDocStore } from './sqlite-doc-store.ts'
import { asAsyncPart, createSqliteGate, type SyncPart } from './sqlite-gate.ts'
import { createSqliteProductionStore } from './sqlite-production-store.ts'
import { createSqlitePromotionCommentStore } from './sqlite-promotion-comment-store.ts'
import { createSqlitePromotionStore } from './sqlite-promotion-store.ts'
import { createSqliteSettingsStore } from './sqlite-settings-store.ts'
import { createSqliteShadowStore } from './sqlite-shadow-store.ts'
import { createSqliteSnapshotStore } from './sqlite-snapshot-store.ts'
import { createSqliteWebhookStore } from './sqlite-webhook-store.ts'
import { startWalCheckpointer } from './wal-checkpointer.ts'

type SyncParts = { [K in keyof StoreParts]: SyncPart<StoreParts[K]> }

/** The embedded adapter: one SQLite file (WAL) in `dataDir`, nothing to install or run. */
export function openSqliteStore(dataDir: string, durability: Durability = 'normal'): Store {
  const db = openSqliteDatabase(dataDir, durability)
  const checkpointer = startWalCheckpointer(db, durability)
  const gate = createSqliteGate(checkpointer.touched)
  const parts: SyncParts = {
    docs: createSqliteDocStore(db),
    snapshots: createSqliteSnapshotStore(db),
    changes: createSqliteChangeStore(db),
    settings: createSqliteSettingsStore(db),
    promotions: createSqlitePromotionStore(db),
    comments: createSqlitePromotionCommentStore(db),
    production: createSqliteProductionStore(db),
    audit: createSqliteAuditStore(db),
    datasets: createSqliteDatasetStore(db, join(dataDir, 'datasets')),
    webhooks: createSqliteWebhookStore(db),
    branches: createSqliteBranchStore(db),
    shadow: createSqliteShadowStore(db),
  }
  const mapParts = (wrap: <T>(part: SyncPart<T>) => T): StoreParts =>
    Object.fromEntries(
      Object.entries(parts).map(([name, part]) => [name, wrap(part as SyncPart<unknown>)]),
    ) as unknown as StoreParts
  const outside = mapParts(gate.wrap)
  const inside: StoreTransaction = {
    ...mapParts(asAsyncPart),
    // BEGIN IMMEDIATE holds the file's write lock: every model is locked until the commit.
    lockModel: async () => {},
  }
  let closed = false
  return {
    kind: 'sqlite',
    // One process owns the file: there are no other writers to hear from.
    signals: null,
    ...outside,
    transaction: (fn) =>
      gate.exclusive(async () => {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await fn(inside)
          db.exec('COMMIT')
          return result
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        }
      }),
    ping: () =>
      gate.exclusive(async () => {
        db.prepare('SELECT 1').get()
      }),
    close: () =>
      gate.exclusive(async () => {
        if (closed) return
        closed = true
        await checkpointer.close()
        // Fold the WAL back into the main file so the data directory is one self-contained file.
        db.pragma('wal_checkpoint(TRUNCATE)')
        db.close()
      }),
  }
}
