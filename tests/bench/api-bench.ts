/**
 * The API section: autocannon against `npm start` (its own process, rate limit off), measuring
 * single-lead scoring (req/s and p99; with a promotion request in shadow against none), a 1,000-lead
 * batch against the same JSON parse + engine work done in-process, and a trivial route against
 * bare node:http in the same run.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileModel } from '../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { scoreLeads } from '../../engine/score-lead.ts'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { spawnApiServer, spawnBareServer, type ChildServer } from './api-bench-server.ts'
import {
  autocannon,
  CONNECTIONS,
  combine,
  DURATION_S,
  figureRow,
  load,
  perRequest,
  type AutocannonResult,
} from './autocannon-load.ts'
import { against, measure, row, withGoal, type BenchSection } from './bench-timing.ts'
import { measureShadowOverhead } from './shadow-overhead.ts'

const TRIVIAL_TURNS = 2
const BATCH = 1000
const MODEL = DEMO_MODEL.id

const PEOPLE: Identity[] = [
  { id: 'bench-analyst', name: 'Bench Analyst', role: 'analyst' },
  { id: 'bench-rm-1', name: 'Bench RM 1', role: 'release-manager' },
  { id: 'bench-rm-2', name: 'Bench RM 2', role: 'release-manager' },
]

async function call(server: ChildServer, token: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = (await response.json()) as { id: string }
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

export async function runBench(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), 'api-bench-'))
  const secret = randomBytes(32).toString('hex')
  const auth = createAuth(new TextEncoder().encode(secret))
  const [analyst, rm1, rm2] = await Promise.all(PEOPLE.map((p) => auth.mintToken(p, 3600)))
  const servers: ChildServer[] = []
  try {
    const api = await spawnApiServer({
      DATA_DIR: dataDir,
      SCORING_SECRET: secret,
      SCORE_RATE_LIMIT: '0',
    })
    servers.push(api)
    const bare = await spawnBareServer()
    servers.push(bare)

    const snapshot = await call(api, analyst!, `/api/models/${MODEL}/snapshots`, { label: 'bench' })
    const request = await call(api, rm1!, `/api/models/${MODEL}/promotions`, {
      snapshotId: snapshot.id,
    })
    await call(api, rm2!, `/api/promotions/${request.id}/approve`, {})

    const scoreUrl = `${api.url}/api/score/${MODEL}`
    const headers = { authorization: `Bearer ${rm1}`, 'content-type': 'application/json' }
    const leads = generateDemoLeads(BATCH, 20_250_602)
    const single = JSON.stringify({ leads: [leads[0]], asOf: DEMO_AS_OF })
    const batch = JSON.stringify({ leads, asOf: DEMO_AS_OF })

    // Warm both servers (JIT, compiled-model cache, connection pools) before anything is timed.
    await autocannon({ url: `${api.url}/healthz`, duration: 2, connections: 8 })
    await autocannon({
      url: scoreUrl,
      method: 'POST',
      headers,
      body: single,
      duration: 2,
      connections: 8,
    })
    await autocannon({ url: `${bare.url}/`, duration: 2, connections: 8 })

    // In turns (ours, bare, ours, bare…), so a change in the machine's load falls on both alike.
    const oursRuns: AutocannonResult[] = []
    const bareRuns: AutocannonResult[] = []
    for (let turn = 0; turn < TRIVIAL_TURNS; turn++) {
      oursRuns.push(await load({ url: `${api.url}/healthz`, duration: DURATION_S / 2 }))
      bareRuns.push(await load({ url: `${bare.url}/`, duration: DURATION_S / 2 }))
    }
    const oursTrivial = combine(oursRuns)
    const bareTrivial = combine(bareRuns)
    const singleLead = await load({ url: scoreUrl, method: 'POST', headers, body: single })
    const shadow = await measureShadowOverhead({
      server: api,
      tokens: { analyst: analyst!, requester: rm1!, approver: rm2! },
      singleLead: { url: scoreUrl, method: 'POST', headers, body: single },
    })
    const batchLoad = await load({
      url: scoreUrl,
      method: 'POST',
      headers,
      body: batch,
      connections: 1,
      duration: DURATION_S,
    })

    const compiled = compileModel(DEMO_MODEL)
    const inProcess = measure(
      () =>
        scoreLeads(compiled, (JSON.parse(batch) as { leads: typeof leads }).leads, {
          asOf: DEMO_AS_OF,
        }),
      { warmup: 5, runs: 15 },
    )

    const bareRow = figureRow(
      `GET trivial route, bare node:http: ${Math.round(bareTrivial.requests.average)} req/s (ms per request)`,
      perRequest(bareTrivial),
      [bareTrivial.latency.p50, bareTrivial.latency.p99],
    )
    const trivialRatio = oursTrivial.requests.average / bareTrivial.requests.average
    const trivialRow = withGoal(
      against(
        figureRow(
          `GET /healthz, ours: ${Math.round(oursTrivial.requests.average)} req/s (ms per request)`,
          perRequest(oursTrivial),
          [oursTrivial.latency.p50, oursTrivial.latency.p99],
        ),
        bareRow,
      ),
      `≥ 0.8× bare req/s (${trivialRatio.toFixed(2)}×)`,
      trivialRatio >= 0.8,
    )
    const singleRate = withGoal(
      figureRow(
        `POST /api/score, 1 lead: ${Math.round(singleLead.requests.average)} req/s (ms per request)`,
        perRequest(singleLead),
        [singleLead.latency.p50, singleLead.latency.p99],
      ),
      '≥ 5,000 req/s',
      singleLead.requests.average >= 5000,
    )
    const singleP99 = withGoal(
      figureRow(
        `POST /api/score, 1 lead: p99 latency, ${CONNECTIONS} connections`,
        singleLead.latency.p99,
        [singleLead.latency.p50, singleLead.latency.p99],
      ),
      '< 25 ms',
      singleLead.latency.p99 < 25,
    )
    const engineRow = row(`JSON.parse + scoreLeads, ${BATCH} leads, in-process`, inProcess, BATCH)
    const batchRow = row(
      `POST /api/score, ${BATCH} leads: mean latency, 1 connection`,
      {
        medianMs: batchLoad.latency.average,
        runsMs: [batchLoad.latency.p50, batchLoad.latency.p99],
      },
      BATCH,
    )
    const batchRatio = batchRow.medianMs / engineRow.medianMs
    const batchVsEngine = withGoal(
      against(batchRow, engineRow),
      '≤ 1.5× parse + engine',
      batchRatio <= 1.5,
    )
    return {
      rows: [bareRow, trivialRow, singleRate, singleP99, ...shadow.rows, engineRow, batchVsEngine],
      figures: {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        trivial: {
          oursReqPerS: oursTrivial.requests.average,
          bareReqPerS: bareTrivial.requests.average,
          ratio: trivialRatio,
        },
        shadow: shadow.figures,
        singleLead: {
          reqPerS: singleLead.requests.average,
          p50Ms: singleLead.latency.p50,
          p99Ms: singleLead.latency.p99,
        },
        batch: {
          leads: BATCH,
          meanMs: batchLoad.latency.average,
          p99Ms: batchLoad.latency.p99,
          inProcessMs: inProcess.medianMs,
          ratio: batchRatio,
        },
      },
    }
  } finally {
    for (const server of servers) await server.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
