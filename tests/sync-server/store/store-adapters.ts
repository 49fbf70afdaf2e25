import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPostgresStore } from '../../../sync-server/store/postgres/open-postgres-store.ts'
import { openSqliteStore } from '../../../sync-server/store/sqlite/open-sqlite-store.ts'
import type { Store } from '../../../sync-server/store/store.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'

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

/** A fresh database per store on one private server, started on first use. */
function postgresAdapter(): StoreAdapter {
  let server: Promise<PrivatePostgres> | null = null
  return {
    name: 'postgres',
    async open() {
      server ??= startPrivatePostgres()
      return openPostgresStore({ url: await (await server).createDatabase(), poolSize: 4 })
    },
    async dispose() {
      if (server !== null) (await server).stop()
      server = null
    },
  }
}

/** The adapters every store suite runs against. */
export const STORE_ADAPTERS: StoreAdapter[] = [sqliteAdapter(), postgresAdapter()]
