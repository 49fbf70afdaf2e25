import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ReferenceDatasetBodySchema } from '../../../shared/dataset-api-schemas.ts'
import { CommentBodySchema, RejectBodySchema } from '../../../shared/promotion-api-schemas.ts'
import { WebhookBodySchema } from '../../../shared/webhook-api-schemas.ts'
import { DEMO_ID, OVERWEIGHT_MODEL } from './support/models.ts'
import {
  call,
  importAndSnapshot,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

/** Set PROMOTION_FUZZ_SEED to replay a failure; the seed is printed with it. */
const SEED = Number(process.env.PROMOTION_FUZZ_SEED ?? 20_250_917)
const RUNS = 40

let server: PromotionServer
let snapshotId: string
let overweightSnapshot: string
let pendingId: string
let datasetId: string

beforeAll(async () => {
  server = await startPromotionServer({ workflow: { maxScoreLeads: 50 } })
  snapshotId = await takeSnapshot(server, DEMO_ID)
  await promote(server, DEMO_ID, snapshotId)
  overweightSnapshot = await importAndSnapshot(server, OVERWEIGHT_MODEL)
  pendingId = (await requestPromotion(server, 'releaseManager2', DEMO_ID, snapshotId)).body.id
  const dataset = await call(server, 'POST', '/api/datasets', {
    token: server.tokenOf('analyst'),
    raw: 'employees\n1\n',
    headers: { 'content-type': 'text/csv' },
  })
  datasetId = dataset.body.id
})

afterAll(async () => {
  await server?.dispose()
})

/** Everything a bad request could have changed, read through the API. */
async function fingerprint(): Promise<unknown> {
  const token = server.tokenOf('releaseManager')
  const get = async (path: string) => (await call(server, 'GET', path, { token })).body
  return {
    promotions: await get('/api/promotions?limit=500'),
    comments: await get(`/api/promotions/${pendingId}/comments`),
    versions: await get(`/api/production/${DEMO_ID}/versions`),
    audit: await get('/api/audit?limit=1000'),
    datasets: await get('/api/datasets'),
    webhooks: await get('/api/webhooks'),
    references: [
      await get(`/api/models/${DEMO_ID}/reference-dataset`),
      await get(`/api/models/${OVERWEIGHT_MODEL.id}/reference-dataset`),
    ],
  }
}

/** Runs the property with the seed; a failure names the seed and how to replay it. */
async function fuzz<T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>): Promise<void> {
  const before = await fingerprint()
  try {
    await fc.assert(fc.asyncProperty(arb, check), { seed: SEED, numRuns: RUNS })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(
      `HTTP fuzzing failed with seed ${SEED} (replay: PROMOTION_FUZZ_SEED=${SEED} npx vitest run tests/sync-server/promotion/fuzz-bodies.test.ts)\n${message}`,
      { cause: error },
    )
  }
  expect(await fingerprint()).toEqual(before)
}

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────

const pool = () =>
  fc.constantFrom(snapshotId, overweightSnapshot, pendingId, datasetId, 'demo', 'nope', '', ' ')
const field = () => fc.oneof(fc.jsonValue(), pool(), fc.string(), fc.integer(), fc.double())
const jsonBody = (keys: string[]) =>
  fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.string(), fc.jsonValue()),
    fc.record(Object.fromEntries(keys.map((k) => [k, field()])), { requiredKeys: [] }),
  )
/** A body as sent: JSON of a value, or text that may not be JSON at all. */
const rawBody = (keys: string[]) =>
  fc.oneof(
    { weight: 4, arbitrary: jsonBody(keys).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.string() },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '[1,', '{"a":}', 'null', 'undefined') },
  )
const parseOr = (raw: string): unknown => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

async function post(
  method: string,
  path: string,
  raw: string,
  who: 'analyst' | 'releaseManager' = 'releaseManager',
) {
  return call(server, method, path, {
    token: server.tokenOf(who),
    raw,
    headers: { 'content-type': 'application/json' },
  })
}

function expectClientError(status: number, label: string): void {
  expect(status, label).toBeGreaterThanOrEqual(400)
  expect(status, label).toBeLessThan(500)
}

// ── Properties ───────────────────────────────────────────────────────────────────────────────

describe('fuzzing every body-taking endpoint: bad input gets 4xx, never 5xx, and changes nothing', () => {
  test('POST /api/models/:id/promotions', async () => {
    const modelIds = fc.constantFrom(DEMO_ID, OVERWEIGHT_MODEL.id, 'nope')
    // The one promotable snapshot is left out of the pool's use here: any request for it would succeed.
    const body = rawBody(['snapshotId', 'note']).filter((raw) => {
      const value = parseOr(raw) as { snapshotId?: unknown } | undefined
      return value?.snapshotId !== snapshotId
    })
    await fuzz(fc.tuple(modelIds, body), async ([modelId, raw]) => {
      const answer = await post('POST', `/api/models/${modelId}/promotions`, raw)
      expectClientError(answer.status, `${modelId} ${raw}`)
    })
  })

  test('POST /api/promotions/:id/reject', async () => {
    const ids = fc.constantFrom(pendingId, 'nope')
    const cases = fc
      .tuple(ids, rawBody(['reason']))
      .filter(
        ([id, raw]) => !(id === pendingId && RejectBodySchema.safeParse(parseOr(raw)).success),
      )
    await fuzz(cases, async ([id, raw]) => {
      expectClientError(
        (await post('POST', `/api/promotions/${id}/reject`, raw)).status,
        `${id} ${raw}`,
      )
    })
  })

  test('POST /api/promotions/:id/comments', async () => {
    const ids = fc.constantFrom(pendingId, 'nope')
    const cases = fc
      .tuple(ids, rawBody(['body']))
      .filter(
        ([id, raw]) => !(id === pendingId && CommentBodySchema.safeParse(parseOr(raw)).success),
      )
    await fuzz(cases, async ([id, raw]) => {
      expectClientError(
        (await post('POST', `/api/promotions/${id}/comments`, raw, 'analyst')).status,
        `${id} ${raw}`,
      )
    })
  })

  test('POST /api/production/:id/rollback (production is at version 1: nothing is earlier)', async () => {
    const modelIds = fc.constantFrom(DEMO_ID, OVERWEIGHT_MODEL.id, 'nope')
    await fuzz(
      fc.tuple(modelIds, rawBody(['toVersion', 'expectedVersion'])),
      async ([modelId, raw]) => {
        expectClientError(
          (await post('POST', `/api/production/${modelId}/rollback`, raw)).status,
          `${modelId} ${raw}`,
        )
      },
    )
  })

  test('POST /api/score/:id (read-only: a valid batch may score, nothing else but 4xx)', async () => {
    const modelIds = fc.constantFrom(DEMO_ID, OVERWEIGHT_MODEL.id, 'nope')
    const leads = fc.array(
      fc.dictionary(
        fc.constantFrom(
          'employees',
          'industry',
          'last_activity_at',
          'demo_requested',
          '__proto__',
          'x',
        ),
        fc.jsonValue(),
      ),
      { maxLength: 60 },
    )
    const body = fc.oneof(
      rawBody(['leads', 'asOf']),
      fc
        .record({ leads, asOf: field() }, { requiredKeys: ['leads'] })
        .map((v) => JSON.stringify(v)),
    )
    await fuzz(fc.tuple(modelIds, body), async ([modelId, raw]) => {
      const answer = await post('POST', `/api/score/${modelId}`, raw)
      expect(answer.status, `${modelId} ${raw}`).toBeLessThan(500)
      if (answer.status === 200)
        expect(answer.body.results).toHaveLength(
          (parseOr(raw) as { leads: unknown[] }).leads.length,
        )
      else expectClientError(answer.status, `${modelId} ${raw}`)
    })
  })

  test('PUT /api/models/:id/reference-dataset', async () => {
    const modelIds = fc.constantFrom(DEMO_ID, 'nope')
    const cases = fc.tuple(modelIds, rawBody(['datasetId'])).filter(([modelId, raw]) => {
      const parsed = ReferenceDatasetBodySchema.safeParse(parseOr(raw))
      const choosable = parsed.success && ['demo', datasetId].includes(parsed.data.datasetId)
      return !(modelId === DEMO_ID && choosable)
    })
    await fuzz(cases, async ([modelId, raw]) => {
      expectClientError(
        (await post('PUT', `/api/models/${modelId}/reference-dataset`, raw, 'analyst')).status,
        `${modelId} ${raw}`,
      )
    })
  })

  test('POST /api/webhooks', async () => {
    const url = fc.oneof(
      fc.webUrl(),
      fc.string(),
      fc.constantFrom('ftp://x.example/y', 'http://', 'javascript:alert(1)'),
    )
    const events = fc.oneof(
      fc.array(fc.constantFrom('production.promoted', 'promotion.requested', 'nope', '')),
      fc.jsonValue(),
    )
    const nearValid = fc
      .record({ url, events, secret: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] })
      .map((v) => JSON.stringify(v))
    const cases = fc
      .oneof(rawBody(['url', 'events', 'secret']), nearValid)
      .filter((raw) => !WebhookBodySchema.safeParse(parseOr(raw)).success)
    await fuzz(cases, async (raw) => {
      expectClientError((await post('POST', '/api/webhooks', raw)).status, raw)
    })
  })

  test('POST /api/datasets (CSV)', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 })
    const oneLine = text.filter((s) => !/[\r\n]/.test(s))
    const invalid = fc.oneof(
      // One line at most: a header without rows.
      oneLine,
      // A row with another number of fields than the header's two.
      fc
        .tuple(
          fc.constantFrom(1, 3, 4),
          oneLine.map((s) => s.replace(/[",]/g, '') || 'x'),
        )
        .map(([count, cell]) => `h1,h2\n${Array.from({ length: count }, () => cell).join(',')}\n`),
      // A header naming one column twice.
      oneLine.map((s) => `dup,${s.replace(/[",\r\n]/g, '')},dup\n1,2,3\n`),
      // An unclosed quote.
      text.map((s) => `a,b\n"${s.replace(/"/g, '')},1\n`),
    )
    const bytes = fc.oneof(
      invalid.map((s) => Buffer.from(s, 'utf8')),
      // Anything at all, made invalid UTF-8 by its last byte.
      fc
        .uint8Array({ maxLength: 200 })
        .map((b) => Buffer.concat([Buffer.from(b), Buffer.from([0xff])])),
    )
    await fuzz(bytes, async (body) => {
      const response = await fetch(`${server.url}/api/datasets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.tokenOf('analyst')}`,
          'content-type': 'text/csv',
        },
        body,
      })
      await response.body?.cancel()
      expectClientError(response.status, JSON.stringify(body.toString('utf8')))
    })
  })
})
