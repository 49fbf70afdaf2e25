import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteStore } from '../../../sync-server/store/sqlite/open-sqlite-store.ts'
import type { Store } from '../../../sync-server/store/store.ts'

/** One adapter under test: opens a fresh, empty store each time. */
export interface StoreAdapter {
  name: string
  open(): Promise<Store>
  /** Removes what the adapter left behind. */
  dispose(): Promise<void>
}

function sqliteAdapter(): StoreAdapter {
  const dirs: string[] = []
  return {
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'scoring-store-test-'))
      dirs.push(dir)
      return openSqliteStore(dir)
    },
    async dispose() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The adapters every store suite runs against. */
export const STORE_ADAPTERS: StoreAdapter[] = [sqliteAdapter()]
