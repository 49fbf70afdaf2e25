import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { ChildServer } from './api-bench-server.ts'
import {
  combine,
  figureRow,
  load,
  perRequest,
  type AutocannonOptions,
  type AutocannonResult,
} from './autocannon-load.ts'
import { against, median, withGoal, type BenchRow } from './bench-timing.ts'

const TURNS = 8
const TURN_S = 2
const MODEL = DEMO_MODEL.id

/** The demo model with weight moved between its first two factors: many leads change tier. */
const CANDIDATE = {
  ...DEMO_MODEL,
  factors: DEMO_MODEL.factors.map((f, i) =>
    i === 0 ? { ...f, weight: f.weight - 0.1 } : i === 1 ? { ...f, weight: f.weight + 0.1 } : f,
  ),
}

export interface ShadowOverheadInput {
  server: ChildServer
  tokens: { analyst: string; requester: string; approver: string }
  /** The single-lead scoring load, as timed without shadow elsewhere in the section. */
  singleLead: AutocannonOptions
}

async function send(
  server: ChildServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = (await response.json()) as Record<string, unknown>
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

/**
 * `/api/score` single-lead throughput and p99 with one promotion request pending in shadow
 * against none, in turns (none, shadow, shadow, none, …) so the machine's load falls on both
 * alike: a request is made before each shadow run and rejected after it. The goals compare the
 * runs of each turn.
 */
export async function measureShadowOverhead({
  server,
  tokens,
  singleLead,
}: ShadowOverheadInput): Promise<{ rows: BenchRow[]; figures: Record<string, number> }> {
  await send(server, tokens.analyst, 'PUT', `/api/models/${MODEL}`, CANDIDATE)
  const snapshot = await send(server, tokens.analyst, 'POST', `/api/models/${MODEL}/snapshots`, {
    label: 'shadow candidate',
  })
  const none: AutocannonResult[] = []
  const shadow: AutocannonResult[] = []
  let shadowed = 0
  const runShadowed = async () => {
    const request = await send(
      server,
      tokens.requester,
      'POST',
      `/api/models/${MODEL}/promotions`,
      {
        snapshotId: snapshot.id,
      },
    )
    shadow.push(await load({ ...singleLead, duration: TURN_S }))
    const figures = await send(
      server,
      tokens.requester,
      'GET',
      `/api/promotions/${request.id}/shadow`,
    )
    shadowed += figures.scored as number
    await send(server, tokens.approver, 'POST', `/api/promotions/${request.id}/reject`, {
      reason: 'benchmark turn over',
    })
  }
  for (let turn = 0; turn < TURNS; turn++) {
    if (turn % 2 === 1) await runShadowed()
    none.push(await load({ ...singleLead, duration: TURN_S }))
    if (turn % 2 === 0) await runShadowed()
  }
  const alone = combine(none)
  const withShadow = combine(shadow)
  const answered = withShadow.requests.total
  if (shadowed < answered) {
    throw new Error(`the shadow scored ${shadowed} of the ${answered} leads answered`)
  }
  // Each turn's two runs ran back to back: the median of their ratios, not a ratio of the
  // totals, so the load other processes put on the machine in between cancels out.
  const rate = median(none.map((r, i) => shadow[i]!.requests.average / r.requests.average))
  const p99 = median(none.map((r, i) => shadow[i]!.latency.p99 / r.latency.p99))
  const p99Of = (runs: AutocannonResult[]) => median(runs.map((r) => r.latency.p99))
  const noneRate = figureRow(
    `POST /api/score, 1 lead, nothing pending: ${Math.round(alone.requests.average)} req/s (ms per request)`,
    perRequest(alone),
    [alone.latency.p50, alone.latency.p99],
  )
  const noneP99 = figureRow(
    'POST /api/score, 1 lead, nothing pending: p99 latency (median of turns)',
    p99Of(none),
    [alone.latency.p50, alone.latency.p99],
  )
  const shadowRate = withGoal(
    against(
      figureRow(
        `POST /api/score, 1 lead, 1 request in shadow: ${Math.round(withShadow.requests.average)} req/s (ms per request)`,
        perRequest(withShadow),
        [withShadow.latency.p50, withShadow.latency.p99],
      ),
      noneRate,
    ),
    `≥ 0.9× req/s of nothing pending (median of turns: ${rate.toFixed(2)}×)`,
    rate >= 0.9,
  )
  const shadowP99 = withGoal(
    against(
      figureRow(
        'POST /api/score, 1 lead, 1 request in shadow: p99 latency (median of turns)',
        p99Of(shadow),
        [withShadow.latency.p50, withShadow.latency.p99],
      ),
      noneP99,
    ),
    `≤ 1.1× p99 of nothing pending (median of turns: ${p99.toFixed(2)}×)`,
    p99 <= 1.1,
  )
  return {
    rows: [noneRate, shadowRate, noneP99, shadowP99],
    figures: {
      noneReqPerS: alone.requests.average,
      shadowReqPerS: withShadow.requests.average,
      rateRatio: rate,
      noneP99Ms: p99Of(none),
      shadowP99Ms: p99Of(shadow),
      p99Ratio: p99,
      leadsShadowed: shadowed,
    },
  }
}
