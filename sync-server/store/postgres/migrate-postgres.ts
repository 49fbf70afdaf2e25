import type postgres from 'postgres'
import { POSTGRES_MIGRATIONS } from './postgres-migrations.ts'

/** Any constant: the key of the advisory lock migrations run under. */
const MIGRATION_LOCK = 7_102_025

/**
 * Runs the pending migrations in one transaction holding an advisory lock, so instances starting
 * at once migrate the database once (the others wait, then find nothing to do).
 */
export async function migratePostgres(sql: postgres.Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL)`
    const [row] = await tx<
      { version: number }[]
    >`SELECT MAX(version) AS version FROM schema_migrations`
    const version = row?.version ?? 0
    if (version > POSTGRES_MIGRATIONS.length) {
      throw new Error(
        `the database schema (version ${version}) is newer than this server (${POSTGRES_MIGRATIONS.length}); upgrade the server`,
      )
    }
    for (const [index, migration] of POSTGRES_MIGRATIONS.entries()) {
      if (index < version) continue
      await tx.unsafe(migration)
      await tx`INSERT INTO schema_migrations (version) VALUES (${index + 1})`
    }
  })
}
