/**
 * The cluster section: several instances on one private PostgreSQL, against one instance.
 *
 * - edit→peer p99: a stock client edits, another one waits for the edit; the reader on the other
 *   instance (the update crosses by NOTIFY and a log read) against the reader on the same instance
 *   (goal: at most 2×). Both instances run in this process.
 * - update commits per second through the store (8 writers, one doc each), PostgreSQL against SQLite.
 * - /api/score throughput (autocannon, 1 lead a request) with two `npm start` instances in child
 *   processes, each loaded by half the connections, against one instance with all of them.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import * as Y from 'yjs'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { readModel, setWeight } from '../../shared/model-doc.ts'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import { startServer } from '../../sync-server/start-server.ts'
import { openPostgresStore } from '../../sync-server/store/postgres/open-postgres-store.ts'
import { openSqliteStore } from '../../sync-server/store/sqlite/open-sqlite-store.ts'
import type { Store } from '../../sync-server/store/store.ts'
import { startPrivatePostgres } from '../sync-server/support/private-postgres.ts'
import { freePort, spawnServer } from '../sync-server/support/server-process.ts'
import { connectClient } from '../sync-server/support/sync-client.ts'
import type { BenchRow, BenchSection } from './bench-timing.ts'

const SECRET = 'cluster-bench-secret-long-enough-for-hs256'
const EDITS = 200
const WRITERS = 8
const COMMIT_SECONDS = 3
const SCORE_SECONDS = 5
const SCORE_CONNECTIONS = 16

interface AutocannonResult {
  requests: { average: number; total: number }
  errors: number
  non2xx: number
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: {
  url: string
  method: string
  headers: Record<string, string>
  body: string
  connections: number
  duration: number
}) => Promise<AutocannonResult>

export async function runBench(): Promise<BenchSection> {
  const postgres = await startPrivatePostgres()
  try {
    const latency = await editToPeer(await postgres.createDatabase())
    const commits = await commitRates(await postgres.createDatabase())
    const score = await scoreThroughput(await postgres.createDatabase())
    const rows: BenchRow[] = [
      figureRow('edit→peer p99, same instance', latency.same),
      goalRow(
        figureRow('edit→peer p99, across instances', latency.cross),
        'same instance',
        latency.cross / latency.same,
        '≤ 2×',
        latency.cross <= 2 * latency.same,
      ),
      figureRow('update commit, SQLite (ms each; /s in figures)', 1000 / commits.sqlite),
      goalRow(
        figureRow('update commit, PostgreSQL (ms each)', 1000 / commits.postgres),
        'SQLite',
        commits.sqlite / commits.postgres,
        'reported',
        true,
      ),
      figureRow('/api/score, one instance (ms per request)', 1000 / score.one),
      goalRow(
        figureRow('/api/score, two instances (ms per request)', 1000 / score.two),
        'one instance',
        score.one / score.two,
        'reported',
        true,
      ),
    ]
    return {
      rows,
      figures: {
        editToPeerP99Ms: latency,
        commitsPerSecond: commits,
        scoreRequestsPerSecond: score,
      },
    }
  } finally {
    postgres.stop()
  }
}

/** p99 of edit→peer latency with the reader on the writer's instance and on another one. */
async function editToPeer(url: string): Promise<{ same: number; cross: number }> {
  const one = await startServer({
    port: 0,
    dataDir: tempDir(),
    secret: SECRET,
    database: { url, poolSize: 4 },
  })
  const two = await startServer({
    port: 0,
    dataDir: tempDir(),
    secret: SECRET,
    database: { url, poolSize: 4 },
  })
  try {
    const token = await one.mintToken({ id: 'bench', name: 'Bench', role: 'analyst' })
    const writer = connectClient(one.syncUrl, DEMO_MODEL.id, token)
    const same = connectClient(one.syncUrl, DEMO_MODEL.id, token)
    const cross = connectClient(two.syncUrl, DEMO_MODEL.id, token)
    await Promise.all([writer.synced(), same.synced(), cross.synced()])
    const times = { same: [] as number[], cross: [] as number[] }
    for (let i = 1; i <= EDITS; i++) {
      const weight = i / 100_000
      const started = performance.now()
      const seen = (doc: Y.Doc, into: number[]) =>
        new Promise<void>((resolve) => {
          const check = () => {
            if (weightOf(doc) !== weight) return
            into.push(performance.now() - started)
            doc.off('update', check)
            resolve()
          }
          doc.on('update', check)
        })
      const both = Promise.all([seen(same.doc, times.same), seen(cross.doc, times.cross)])
      setWeight(writer.doc, 'bounce', weight)
      await both
    }
    for (const c of [writer, same, cross]) c.destroy()
    return { same: p99(times.same), cross: p99(times.cross) }
  } finally {
    await two.close()
    await one.close()
  }
}

/** Update commits per second through the store's append, WRITERS at once, one doc each. */
async function commitRates(url: string): Promise<{ sqlite: number; postgres: number }> {
  const dir = tempDir()
  const sqlite = openSqliteStore(dir)
  const postgres = await openPostgresStore({ url, poolSize: WRITERS })
  try {
    return { sqlite: await commitsPerSecond(sqlite), postgres: await commitsPerSecond(postgres) }
  } finally {
    await sqlite.close()
    await postgres.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function commitsPerSecond(store: Store): Promise<number> {
  const update = Y.encodeStateAsUpdate(new Y.Doc())
  const user = { id: 'bench', name: 'Bench' }
  const deadline = performance.now() + COMMIT_SECONDS * 1000
  let commits = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      while (performance.now() < deadline) {
        await store.docs.append({ docId: `bench-${w}`, update, user, at: Date.now(), changes: [] })
        commits++
      }
    }),
  )
  return commits / ((performance.now() - started) / 1000)
}

/** /api/score requests per second: two instances (child processes) against one. */
async function scoreThroughput(url: string): Promise<{ one: number; two: number }> {
  const env = (port: number) => ({
    PORT: String(port),
    DATA_DIR: tempDir(),
    DATABASE_URL: url,
    SCORING_SECRET: SECRET,
    SCORE_RATE_LIMIT: '0',
  })
  const first = await spawnServer(env(await freePort()))
  const second = await spawnServer(env(await freePort()))
  try {
    const auth = createAuth(new TextEncoder().encode(SECRET))
    const rm1 = await auth.mintToken({ id: 'rm1', name: 'RM 1', role: 'release-manager' }, 3600)
    const rm2 = await auth.mintToken({ id: 'rm2', name: 'RM 2', role: 'release-manager' }, 3600)
    const base = (server: typeof first) =>
      String(server.logs.find((e) => e.msg === 'listening')!.url)
    const post = async (server: typeof first, token: string, path: string, body: unknown) => {
      const response = await fetch(`${base(server)}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return (await response.json()) as { id: string }
    }
    const snapshot = await post(first, rm1, `/api/models/${DEMO_MODEL.id}/snapshots`, {
      label: 'bench',
    })
    const request = await post(first, rm1, `/api/models/${DEMO_MODEL.id}/promotions`, {
      snapshotId: snapshot.id,
    })
    await post(first, rm2, `/api/promotions/${request.id}/approve`, {})
    const load = (server: typeof first, connections: number) =>
      autocannon({
        url: `${base(server)}/api/score/${DEMO_MODEL.id}`,
        method: 'POST',
        headers: { authorization: `Bearer ${rm1}`, 'content-type': 'application/json' },
        body: JSON.stringify({ leads: [{ employees: 250, industry: 'software' }] }),
        connections,
        duration: SCORE_SECONDS,
      })
    await load(first, 4) // warm-up
    const alone = await load(first, SCORE_CONNECTIONS)
    const pair = await Promise.all([
      load(first, SCORE_CONNECTIONS / 2),
      load(second, SCORE_CONNECTIONS / 2),
    ])
    for (const result of [alone, ...pair]) {
      if (result.errors > 0 || result.non2xx > 0) throw new Error('scoring answered with errors')
    }
    return {
      one: alone.requests.total / SCORE_SECONDS,
      two: (pair[0].requests.total + pair[1].requests.total) / SCORE_SECONDS,
    }
  } finally {
    first.child.kill('SIGTERM')
    second.child.kill('SIGTERM')
    await Promise.all([first.exited, second.exited])
  }
}

function weightOf(doc: Y.Doc): number | undefined {
  return readModel(doc).model?.factors.find((f) => f.id === 'bounce')?.weight
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'scoring-cluster-bench-'))
}

/** A figure as a table row (one run; the median column carries it). */
function figureRow(name: string, ms: number): BenchRow {
  return { name, medianMs: ms, runsMs: [ms], leads: 1, perLeadNs: ms * 1e6 }
}

function goalRow(r: BenchRow, peer: string, value: number, text: string, pass: boolean): BenchRow {
  return { ...r, ratio: { peer, value, perLead: false }, goal: { text, pass } }
}
