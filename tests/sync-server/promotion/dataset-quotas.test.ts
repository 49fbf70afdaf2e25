import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { DEMO_ID } from './support/models.ts'
import {
  call,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
  type Who,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

const CSV = 'id,employees\n1,120\n2,900\n'

function upload(csv: string, who: Who = 'analyst') {
  return call(server, 'POST', '/api/datasets', {
    token: server.tokenOf(who),
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  })
}

/** Every file in the data directory's datasets folder (uploads in progress included). */
const datasetFiles = () => readdirSync(join(server.dataDir, 'datasets')).sort()

describe('dataset storage and quotas', () => {
  test('an upload is streamed to a private file; a refused one leaves nothing behind', async () => {
    server = await startPromotionServer({ workflow: { maxDatasetBytes: 2048 } })
    const uploaded = await upload(CSV)
    expect(uploaded.status).toBe(201)
    expect(datasetFiles()).toEqual([`${uploaded.body.id}.csv`])
    const file = join(server.dataDir, 'datasets', `${uploaded.body.id}.csv`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(server.dataDir, 'datasets')).mode & 0o777).toBe(0o700)
    // Without a Content-Length the byte limit is enforced while the body streams in.
    const big = await fetch(`${server.url}/api/datasets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokenOf('analyst')}`, 'content-type': 'text/csv' },
      body: new Blob([`id,note\n${'1,xxxxxxxxxx\n'.repeat(400)}`]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect([big.status, ((await big.json()) as { code: string }).code]).toEqual([
      413,
      'payload-too-large',
    ])
    expect((await upload('id,name\n1,"unterminated\n')).status).toBe(422)
    expect(datasetFiles()).toEqual([`${uploaded.body.id}.csv`])
  })

  test('each user may keep so many datasets and bytes; the server so many in all', async () => {
    server = await startPromotionServer({
      workflow: {
        datasetQuotaUserCount: 2,
        datasetQuotaUserBytes: 60,
        datasetQuotaTotalCount: 3,
        datasetQuotaTotalBytes: 1000,
      },
    })
    expect((await upload(CSV)).status).toBe(201)
    const tooBig = await upload(`id,employees\n${'1,1\n'.repeat(10)}`)
    expect([tooBig.status, tooBig.body.code]).toEqual([409, 'dataset-quota-exceeded'])
    expect(tooBig.body).toMatchObject({ scope: 'user', kind: 'bytes', limit: 60, used: 25 })
    expect((await upload(CSV)).status).toBe(201)
    const third = await upload('a\n1\n')
    expect(third.body).toMatchObject({
      code: 'dataset-quota-exceeded',
      scope: 'user',
      kind: 'count',
    })
    expect((await upload(CSV, 'analyst2')).status).toBe(201)
    const total = await upload('a\n1\n', 'releaseManager')
    expect(total.body).toMatchObject({
      code: 'dataset-quota-exceeded',
      scope: 'total',
      kind: 'count',
      limit: 3,
    })
    expect(datasetFiles()).toHaveLength(3)
  })

  test('the uploader or a release manager deletes a dataset, unless a model uses it', async () => {
    server = await startPromotionServer({ workflow: { datasetQuotaUserCount: 1 } })
    const first = (await upload(CSV)).body.id as string
    expect((await upload(CSV)).status).toBe(409)
    const del = (who: Who, id = first) =>
      call(server, 'DELETE', `/api/datasets/${id}`, { token: server.tokenOf(who) })
    expect((await del('viewer')).status).toBe(403)
    expect((await del('analyst2')).body.code).toBe('forbidden')
    const chosen = await call(server, 'PUT', `/api/models/${DEMO_ID}/reference-dataset`, {
      token: server.tokenOf('analyst'),
      body: { datasetId: first },
    })
    expect(chosen.status).toBe(200)
    const inUse = await del('analyst')
    expect([inUse.status, inUse.body.code, inUse.body.models]).toEqual([
      409,
      'dataset-in-use',
      [DEMO_ID],
    ])
    await call(server, 'PUT', `/api/models/${DEMO_ID}/reference-dataset`, {
      token: server.tokenOf('analyst'),
      body: { datasetId: 'demo' },
    })
    expect((await del('analyst')).status).toBe(204)
    expect((await del('analyst')).body.code).toBe('dataset-not-found')
    expect(datasetFiles()).toEqual([])
    expect((await del('releaseManager', 'demo')).status).toBe(409)
    // The quota counts what is kept: after the delete there is room again.
    const second = (await upload(CSV)).body.id as string
    expect((await del('releaseManager', second)).status).toBe(204)
    const audit = await call(server, 'GET', '/api/audit', { token: server.tokenOf('viewer') })
    expect(
      audit.body.entries
        .filter((e: { action: string }) => e.action.startsWith('dataset.'))
        .map((e: { action: string }) => e.action),
    ).toEqual([
      'dataset.uploaded',
      'dataset.reference-chosen',
      'dataset.reference-chosen',
      'dataset.deleted',
      'dataset.uploaded',
      'dataset.deleted',
    ])
  })

  test('a model keeps at most SNAPSHOTS_PER_MODEL snapshots', async () => {
    server = await startPromotionServer({ workflow: { maxSnapshotsPerModel: 2 } })
    await takeSnapshot(server, DEMO_ID, 'one')
    await takeSnapshot(server, DEMO_ID, 'two')
    const third = await call(server, 'POST', `/api/models/${DEMO_ID}/snapshots`, {
      token: server.tokenOf('analyst'),
      body: { label: 'three' },
    })
    expect([third.status, third.body.code, third.body.limit]).toEqual([
      409,
      'snapshot-quota-exceeded',
      2,
    ])
    const listed = await call(server, 'GET', `/api/models/${DEMO_ID}/snapshots`, {
      token: server.tokenOf('viewer'),
    })
    expect(listed.body.snapshots).toHaveLength(2)
  })
})
