import type { SettingsStore } from '../settings-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

/** Small server facts that must outlive a restart. */
export function createPostgresSettingsStore(sql: PostgresSql): SettingsStore {
  return {
    async get(key) {
      const [row] = await sql<{ value: string }[]>`SELECT value FROM settings WHERE key = ${key}`
      return row?.value ?? null
    },
    async set(key, value) {
      await sql`
        INSERT INTO settings (key, value) VALUES (${key}, ${value})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`
    },
  }
}
