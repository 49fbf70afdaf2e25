import { chmodSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { DATABASE_FILE } from '../../sync-server/store/sqlite/open-sqlite-database.ts'
import { startServer } from '../../sync-server/start-server.ts'
import { request } from './support/http-client.ts'
import { makeDataDir, USERS } from './support/test-server.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const modeOf = (path: string) => statSync(path).mode & 0o777

test('the data directory is 0700 and the database, its WAL and the secret are 0600', async () => {
  const root = makeDataDir()
  dirs.push(root)
  const dataDir = join(root, 'nested', 'data')
  const server = await startServer({ port: 0, dataDir })
  const token = await server.mintToken(USERS.analyst)
  // A write, so the WAL and shared-memory files exist.
  const created = await request(server.url, '/api/models/demo-lead-score/snapshots', {
    method: 'POST',
    token,
    body: { label: 'modes' },
  })
  expect(created.status).toBe(201)
  const db = join(dataDir, DATABASE_FILE)
  expect(existsSync(`${db}-wal`)).toBe(true)
  expect({
    dir: modeOf(dataDir),
    parent: modeOf(join(root, 'nested')),
    db: modeOf(db),
    wal: modeOf(`${db}-wal`),
    shm: modeOf(`${db}-shm`),
    secret: modeOf(join(dataDir, 'secret')),
  }).toEqual({ dir: 0o700, parent: 0o700, db: 0o600, wal: 0o600, shm: 0o600, secret: 0o600 })
  await server.close()
})

test('files an older version left readable by others are made private at start', async () => {
  const dataDir = makeDataDir()
  dirs.push(dataDir)
  const first = await startServer({ port: 0, dataDir })
  await first.close()
  const db = join(dataDir, DATABASE_FILE)
  chmodSync(db, 0o644)
  chmodSync(join(dataDir, 'secret'), 0o644)
  writeFileSync(`${db}-wal`, '', { mode: 0o644 })
  chmodSync(`${db}-wal`, 0o644)
  const second = await startServer({ port: 0, dataDir })
  expect([modeOf(db), modeOf(`${db}-wal`), modeOf(join(dataDir, 'secret'))]).toEqual([
    0o600, 0o600, 0o600,
  ])
  await second.close()
})
