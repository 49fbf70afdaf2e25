import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { startServer } from '../../../sync-server/start-server.ts'
import { DATABASE_FILE } from '../../../sync-server/store/sqlite/open-sqlite-database.ts'
import { DEMO_ID } from '../promotion/support/models.ts'
import {
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from '../promotion/support/promotion-server.ts'
import { makeDataDir, TEST_SECRET } from '../support/test-server.ts'
import { runCliInProcess } from './support/run-cli.ts'

const servers: PromotionServer[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const newDir = () => {
  const dir = makeDataDir()
  dirs.push(dir)
  return dir
}

test('scoring backup copies a running server consistently; the copy restores and starts', async () => {
  const running = await startPromotionServer({ dataDir: newDir() })
  servers.push(running)
  await promote(running, DEMO_ID, await takeSnapshot(running, DEMO_ID))
  const target = join(newDir(), 'backup.sqlite')
  const backup = await runCliInProcess(['backup', '--to', target], '', {
    DATA_DIR: running.dataDir,
  })
  expect(backup.code, backup.stderr).toBe(0)
  expect(statSync(target).mode & 0o777).toBe(0o600)
  const again = await runCliInProcess(['backup', '--to', target], '', {
    DATA_DIR: running.dataDir,
  })
  expect([again.code, again.stderr]).toEqual([
    2,
    `scoring backup: ${target} exists; choose a new file\n`,
  ])
  // Edits after the backup are not in it.
  await promote(running, DEMO_ID, await takeSnapshot(running, DEMO_ID))

  const restored = newDir()
  copyFileSync(target, join(restored, DATABASE_FILE))
  const server = await startServer({ port: 0, dataDir: restored, secret: TEST_SECRET })
  expect((await server.store.production.current(DEMO_ID))?.version).toBe(1)
  expect(existsSync(join(restored, DATABASE_FILE))).toBe(true)
  await server.close()
})
