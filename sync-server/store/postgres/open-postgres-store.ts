import postgres from 'postgres'
import type { Store, StoreParts, StoreTransaction } from '../store.ts'
import { createPostgresAuditStore } from './postgres-audit-store.ts'
import { createPostgresBranchStore } from './postgres-branch-store.ts'
import { createPostgresChangeStore } from './postgres-change-store.ts'
import { createPostgresDatasetStore } from './postgres-dataset-store.ts'
import { createPostgresDocStore, type TransactionRunner } from './postgres-doc-store.ts'
import { migratePostgres } from './migrate-postgres.ts'
import { createPostgresProductionStore } from './postgres-production-store.ts'
import { createPostgresPromotionStore } from './postgres-promotion-store.ts'
import { createPostgresPromotionCommentStore } from './postgres-promotion-comment-store.ts'
import { createPostgresSettingsStore } from './postgres-settings-store.ts'
import { createPostgresShadowStore } from './postgres-shadow-store.ts'
import { createPostgresSnapshotStore } from './postgres-snapshot-store.ts'
import type { PostgresSql } from './postgres-sql.ts'
import { createPostgresSignals } from './postgres-signals.ts'
import { createPostgresWebhookStore } from './postgres-webhook-store.ts'

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  url: string
  /** Connections in the pool (DATABASE_POOL); default 10. */
  poolSize?: number
}

/** A PostgreSQL store and the pool under it (cross-instance signals use the pool's LISTEN). */
export interface PostgresStore extends Store {
  readonly sql: postgres.Sql
}

/**
 * The adapter for several instances: every instance opens the same database. The schema is
 * migrated under an advisory lock, so instances starting at once migrate it once. Rejects when
 * the database cannot be reached (the caller retries).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const sql = postgres(options.url, {
    max: options.poolSize ?? 10,
    // bigint columns hold epoch milliseconds and seqs, all far below 2^53: read them as numbers.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
    onnotice: () => {},
    connection: { application_name: 'scoring-playground' },
  }) as unknown as postgres.Sql
  try {
    await migratePostgres(sql)
  } catch (error) {
    await sql.end({ timeout: 1 })
    throw error
  }
  const partsOn = (on: PostgresSql, inTransaction: TransactionRunner): StoreParts => ({
    docs: createPostgresDocStore(on, inTransaction),
    snapshots: createPostgresSnapshotStore(on),
    changes: createPostgresChangeStore(on),
    settings: createPostgresSettingsStore(on),
    promotions: createPostgresPromotionStore(on),
    comments: createPostgresPromotionCommentStore(on),
    production: createPostgresProductionStore(on),
    audit: createPostgresAuditStore(on, inTransaction),
    datasets: createPostgresDatasetStore(on),
    webhooks: createPostgresWebhookStore(on, inTransaction),
    branches: createPostgresBranchStore(on),
    shadow: createPostgresShadowStore(on, inTransaction),
  })
  const begin: TransactionRunner = (fn) =>
    sql.begin((tx) => fn(tx as unknown as PostgresSql)) as Promise<Awaited<ReturnType<typeof fn>>>
  let closed = false
  return {
    kind: 'postgres',
    sql,
    signals: createPostgresSignals(sql),
    ...partsOn(sql, begin),
    transaction: (fn) =>
      sql.begin(async (connection) => {
        const tx = connection as unknown as PostgresSql
        const inside: StoreTransaction = {
          ...partsOn(tx, (inner) => inner(tx)),
          async lockModel(modelId) {
            await tx`INSERT INTO model_locks (model_id) VALUES (${modelId}) ON CONFLICT DO NOTHING`
            await tx`SELECT 1 FROM model_locks WHERE model_id = ${modelId} FOR UPDATE`
          },
        }
        return fn(inside)
      }) as Promise<Awaited<ReturnType<typeof fn>>>,
    async ping() {
      await sql`SELECT 1`
    },
    async close() {
      if (closed) return
      closed = true
      await sql.end({ timeout: 5 })
    },
  }
}
