import { createHash } from 'node:crypto'
import { afterEach, describe, expect, test } from 'vitest'
import { analyzeImpact } from '../../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../../engine/create-column-scorer.ts'
import { columnsFromLeads } from '../../../engine/lead-columns.ts'
import { SMALL_MODEL, reweighted } from './support/models.ts'
import {
  call,
  importAndSnapshot,
  promote,
  startPromotionServer,
  type PromotionServer,
} from './support/promotion-server.ts'
import { setDraftWeights } from './support/edit-draft.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

const CSV = 'id,employees,demo_requested\n1,120,yes\n2,"1,500",no\n3,,1\n4,900,\n'

function upload(
  csv: string | Buffer,
  who: 'viewer' | 'analyst' = 'analyst',
  query = '',
  headers: Record<string, string> = {},
) {
  return fetch(`${server.url}/api/datasets${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.tokenOf(who)}`,
      'content-type': 'text/csv',
      ...headers,
    },
    body: typeof csv === 'string' ? csv : new Uint8Array(csv),
  }).then(async (response) => ({ status: response.status, body: await response.json() }))
}

describe('reference datasets', () => {
  test('an analyst uploads a CSV; it is listed after the demo leads and downloads byte for byte', async () => {
    server = await startPromotionServer()
    expect((await upload(CSV, 'viewer')).status).toBe(403)
    const uploaded = await upload(CSV, 'analyst', '?name=Q3%20leads')
    expect(uploaded.status).toBe(201)
    expect(uploaded.body).toMatchObject({
      name: 'Q3 leads',
      builtin: false,
      fields: ['id', 'employees', 'demo_requested'],
      rows: 4,
      bytes: Buffer.byteLength(CSV),
      sha256: createHash('sha256').update(CSV).digest('hex'),
      createdBy: { id: 'ana' },
    })
    const token = server.tokenOf('viewer')
    const listed = await call(server, 'GET', '/api/datasets', { token })
    expect(listed.body.datasets.map((d: { id: string }) => d.id)).toEqual([
      'demo',
      uploaded.body.id,
    ])
    expect(listed.body.datasets[0]).toMatchObject({ builtin: true, rows: 20_000 })
    const csv = await call(server, 'GET', `/api/datasets/${uploaded.body.id}/csv`, { token })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.body).toBe(CSV)
    const etag = csv.headers.get('etag')!
    const cached = await call(server, 'GET', `/api/datasets/${uploaded.body.id}/csv`, {
      token,
      headers: { 'if-none-match': etag },
    })
    expect(cached.status).toBe(304)
    expect((await call(server, 'GET', '/api/datasets/nope/csv', { token })).body.code).toBe(
      'dataset-not-found',
    )
  })

  test('a download defuses formula cells (OWASP) unless ?raw=1 asks for the stored bytes', async () => {
    server = await startPromotionServer()
    const hostile =
      'id,company,delta,note\n' +
      '1,"=HYPERLINK(""http://x"",""y"")",-12.5,@SUM(A1)\n' +
      "2,+cmd|' /C calc'!A0,+3,-1+1\n" +
      '3,"\tTabbed",1e-3,plain\n'
    const uploaded = await upload(hostile)
    expect(uploaded.status).toBe(201)
    const token = server.tokenOf('viewer')
    const path = `/api/datasets/${uploaded.body.id}/csv`
    const safe = await call(server, 'GET', path, { token })
    expect(safe.status).toBe(200)
    expect(safe.body).toBe(
      'id,company,delta,note\n' +
        '1,"\'=HYPERLINK(""http://x"",""y"")",-12.5,\'@SUM(A1)\n' +
        "2,'+cmd|' /C calc'!A0,+3,'-1+1\n" +
        "3,'\tTabbed,1e-3,plain\n",
    )
    const raw = await call(server, 'GET', `${path}?raw=1`, { token })
    expect(raw.body).toBe(hostile)
    expect(raw.headers.get('etag')).not.toBe(safe.headers.get('etag'))
    const revalidated = await call(server, 'GET', path, {
      token,
      headers: { 'if-none-match': safe.headers.get('etag')! },
    })
    expect(revalidated.status).toBe(304)
    expect((await call(server, 'GET', `${path}?raw=yes`, { token })).status).toBe(422)
  })

  test('the demo dataset downloads as CSV: a header and 20,000 leads', async () => {
    server = await startPromotionServer()
    const csv = await call(server, 'GET', '/api/datasets/demo/csv', {
      token: server.tokenOf('viewer'),
    })
    expect(csv.status).toBe(200)
    const lines = (csv.body as string).trimEnd().split('\n')
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['id', 'company', 'country', 'industry'])
    expect(lines).toHaveLength(20_001)
    expect(lines[1]!.startsWith('lead-000001,')).toBe(true)
  })

  test('bad CSVs are refused with a reason and change nothing', async () => {
    server = await startPromotionServer({ workflow: { maxDatasetBytes: 2000, maxDatasetRows: 5 } })
    const cases: [string | Buffer, number, string][] = [
      ['', 422, 'invalid-csv'],
      ['a,b\n', 422, 'invalid-csv'],
      ['a,b\n1,2\n3\n', 422, 'invalid-csv'],
      ['a,a\n1,2\n', 422, 'invalid-csv'],
      ['a, \n1,2\n', 422, 'invalid-csv'],
      ['a,b\n"1,2\n', 422, 'invalid-csv'],
      [Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a]), 422, 'invalid-csv'],
      [`a\n${'1\n'.repeat(6)}`, 413, 'payload-too-large'],
      [`a\n${'x'.repeat(3000)}\n`, 413, 'payload-too-large'],
    ]
    for (const [csv, status, code] of cases) {
      const answer = await upload(csv)
      expect([answer.status, answer.body.code], JSON.stringify(String(csv))).toEqual([status, code])
    }
    const ragged = await upload('a,b\n1,2\n3\n')
    expect(ragged.body.line).toBe(3)
    const form = await upload('a\n1\n', 'analyst', '', {
      'content-type': 'multipart/form-data; boundary=x',
    })
    expect([form.status, form.body.code]).toEqual([415, 'unsupported-media-type'])
    const listed = await call(server, 'GET', '/api/datasets', { token: server.tokenOf('viewer') })
    expect(listed.body.datasets.map((d: { id: string }) => d.id)).toEqual(['demo'])
  })

  test("a model's chosen dataset is the one its promotion impact is computed on, as the engine computes it", async () => {
    server = await startPromotionServer()
    const analyst = server.tokenOf('analyst')
    const v1 = await importAndSnapshot(server, SMALL_MODEL)
    await promote(server, SMALL_MODEL.id, v1)
    const uploaded = await upload(CSV)
    const reference = `/api/models/${SMALL_MODEL.id}/reference-dataset`
    expect((await call(server, 'GET', reference, { token: analyst })).body).toMatchObject({
      datasetId: 'demo',
    })
    expect(
      (
        await call(server, 'PUT', reference, {
          token: server.tokenOf('viewer'),
          body: { datasetId: uploaded.body.id },
        })
      ).status,
    ).toBe(403)
    const missing = await call(server, 'PUT', reference, {
      token: analyst,
      body: { datasetId: 'nope' },
    })
    expect([missing.status, missing.body.code]).toEqual([404, 'dataset-not-found'])
    const chosen = await call(server, 'PUT', reference, {
      token: analyst,
      body: { datasetId: uploaded.body.id },
    })
    expect(chosen.status).toBe(200)
    expect((await call(server, 'GET', reference, { token: analyst })).body).toMatchObject({
      datasetId: uploaded.body.id,
      chosenBy: { id: 'ana' },
    })

    await setDraftWeights(server, SMALL_MODEL.id, { size: 0.3, demo: 0.7 })
    const snapshot = await call(server, 'POST', `/api/models/${SMALL_MODEL.id}/snapshots`, {
      token: analyst,
      body: { label: 'v2' },
    })
    const requested = await call(server, 'POST', `/api/models/${SMALL_MODEL.id}/promotions`, {
      token: server.tokenOf('releaseManager'),
      body: { snapshotId: snapshot.body.id },
    })
    expect(requested.status).toBe(201)
    expect(requested.body.datasetId).toBe(uploaded.body.id)
    const leads = [
      { id: '1', employees: '120', demo_requested: 'yes' },
      { id: '2', employees: '1,500', demo_requested: 'no' },
      { id: '3', employees: '', demo_requested: '1' },
      { id: '4', employees: '900', demo_requested: '' },
    ]
    const asOf = Date.parse(requested.body.asOf)
    const columns = columnsFromLeads(leads)
    const expected = analyzeImpact(
      createColumnScorer(columns, SMALL_MODEL, { asOf }),
      createColumnScorer(columns, reweighted(SMALL_MODEL, SMALL_MODEL.id, 0.3), { asOf }),
      { topMovers: 10 },
    )
    expect(requested.body.impact).toEqual(expected)

    // Back to the demo leads.
    await call(server, 'PUT', reference, { token: analyst, body: { datasetId: 'demo' } })
    expect((await call(server, 'GET', reference, { token: analyst })).body.datasetId).toBe('demo')
    expect(
      (
        await call(server, 'PUT', `/api/models/nope/reference-dataset`, {
          token: analyst,
          body: { datasetId: 'demo' },
        })
      ).body.code,
    ).toBe('model-not-found')
  })
})
