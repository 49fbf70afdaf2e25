import type Database from 'better-sqlite3'
import type { SettingsStore } from '../settings-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

/** Small server facts that must outlive a restart (e.g. that the demo model was created once). */
export function createSqliteSettingsStore(db: Database.Database): SyncPart<SettingsStore> {
  const select = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  )
  return {
    get: (key) => select.get(key)?.value ?? null,
    set: (key, value) => void upsert.run(key, value),
  }
}
