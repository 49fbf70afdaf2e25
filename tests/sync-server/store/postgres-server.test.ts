import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as Y from 'yjs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { readModel, setWeight } from '../../../shared/model-doc.ts'
import { DEMO_ID } from '../promotion/support/models.ts'
import {
  call,
  promote,
  startPromotionServer,
  takeSnapshot,
} from '../promotion/support/promotion-server.ts'
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts'
import { freePort } from '../support/server-process.ts'
import { connectClient } from '../support/sync-client.ts'
import { makeDataDir, TEST_SECRET } from '../support/test-server.ts'
import { waitFor } from '../support/wait-for.ts'

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))
let postgres: PrivatePostgres

beforeAll(async () => {
  postgres = await startPrivatePostgres()
})
afterAll(() => postgres?.stop())

/** `npm start` in a child process, not waiting for it to listen. */
function spawnMain(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SCORING_SECRET: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const logs = () =>
    stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  return { child, exited, logs, stderr: () => stderr }
}

test('with DATABASE_URL but no SCORING_SECRET the server says why and exits with 1', async () => {
  const dataDir = makeDataDir()
  const server = spawnMain({
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    DATABASE_URL: await postgres.createDatabase(),
  })
  expect(await server.exited).toBe(1)
  expect(server.stderr()).toContain('SCORING_SECRET is required with DATABASE_URL')
  rmSync(dataDir, { recursive: true, force: true })
})

test('a database that is down at start is retried with a clear message, and served once it is up', async () => {
  const dataDir = makeDataDir()
  const databasePort = await freePort()
  const port = await freePort()
  const server = spawnMain({
    PORT: String(port),
    DATA_DIR: dataDir,
    SCORING_SECRET: TEST_SECRET,
    DATABASE_URL: `postgres://postgres@127.0.0.1:${databasePort}/postgres`,
  })
  try {
    const retries = () =>
      server.logs().filter((e) => e.msg === 'the database cannot be reached; retrying')
    await waitFor('two attempts logged', () => retries().length >= 2, 20_000)
    expect(retries()[0]).toMatchObject({ level: 'warn', attempt: 1 })
    expect(String(retries()[0]!.reason)).toContain('ECONNREFUSED')
    // One line per attempt, no stack trace.
    expect(server.stderr()).not.toContain('    at ')
    const late = await startPrivatePostgres({ port: databasePort })
    try {
      await waitFor(
        'the server to listen',
        () => server.logs().some((e) => e.msg === 'listening'),
        30_000,
      )
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(health.status).toBe(200)
    } finally {
      server.child.kill('SIGKILL')
      await server.exited
      late.stop()
    }
  } finally {
    server.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('on PostgreSQL: four-eyes promotion, production with its ETag, edits that sync and persist', async () => {
  const server = await startPromotionServer({
    database: { url: await postgres.createDatabase(), poolSize: 4 },
  })
  try {
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    const promoted = await promote(server, DEMO_ID, snapshotId)
    expect(promoted).toMatchObject({ version: 1, snapshotId })
    const production = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
    })
    expect(production.status).toBe(200)
    const again = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token: server.tokenOf('viewer'),
      headers: { 'if-none-match': production.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    const verify = await call(server, 'GET', '/api/audit/verify', {
      token: server.tokenOf('viewer'),
    })
    expect(verify.body).toMatchObject({ ok: true })
    const a = connectClient(server.syncUrl, DEMO_ID, server.tokens.analyst)
    const b = connectClient(server.syncUrl, DEMO_ID, server.tokens.analyst2)
    await Promise.all([a.synced(), b.synced()])
    setWeight(a.doc, 'bounce', 0.07)
    const weight = (doc: Y.Doc) =>
      readModel(doc).model?.factors.find((f) => f.id === 'bounce')?.weight
    await waitFor('b sees a’s edit', () => weight(b.doc) === 0.07)
    expect((await server.store.docs.load(DEMO_ID))!.lastSeq).toBeGreaterThanOrEqual(2)
    a.destroy()
    b.destroy()
  } finally {
    await server.dispose()
  }
})
