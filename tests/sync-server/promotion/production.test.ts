import { afterEach, describe, expect, test } from 'vitest'
import { DEMO_ID } from './support/models.ts'
import { setDraftWeights } from './support/edit-draft.ts'
import {
  call,
  promote,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

describe('production', () => {
  test('the production model carries an ETag: 304 while it stands, 200 with a new one after a promotion', async () => {
    server = await startPromotionServer()
    const token = server.tokenOf('viewer')
    const snapshotId = await takeSnapshot(server, DEMO_ID)
    await promote(server, DEMO_ID, snapshotId)
    const first = await call(server, 'GET', `/api/production/${DEMO_ID}`, { token })
    const etag = first.headers.get('etag')
    expect(first.status).toBe(200)
    expect(etag).toMatch(/^"v1-[0-9a-f]{16}"$/)
    for (const ifNoneMatch of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
      const unchanged = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
        token,
        headers: { 'if-none-match': ifNoneMatch },
      })
      expect(unchanged.status, ifNoneMatch).toBe(304)
      expect(unchanged.body).toBe('')
      expect(unchanged.headers.get('etag')).toBe(etag)
    }
    await promote(server, DEMO_ID, snapshotId)
    const changed = await call(server, 'GET', `/api/production/${DEMO_ID}`, {
      token,
      headers: { 'if-none-match': etag! },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.version).toBe(2)
    expect(changed.headers.get('etag')).not.toBe(etag)
  })

  test('rollback makes an earlier version production again as a new version; versions only increase', async () => {
    server = await startPromotionServer()
    const viewer = server.tokenOf('viewer')
    const rm = server.tokenOf('releaseManager')
    const rollback = (body: unknown, token = rm) =>
      call(server, 'POST', `/api/production/${DEMO_ID}/rollback`, { token, body })

    const none = await rollback({ toVersion: 1 })
    expect([none.status, none.body.code]).toEqual([404, 'not-in-production'])

    const a = await takeSnapshot(server, DEMO_ID, 'a')
    const v1 = await promote(server, DEMO_ID, a)
    await setDraftWeights(server, DEMO_ID, { 'company-size': 0.3, 'industry-fit': 0.05 })
    const b = await takeSnapshot(server, DEMO_ID, 'b')
    const v2 = await promote(server, DEMO_ID, b)
    expect(v2.model).not.toEqual(v1.model)

    expect((await rollback({ toVersion: 1 }, server.tokenOf('analyst'))).status).toBe(403)
    const current = await rollback({ toVersion: 2 })
    expect([current.status, current.body.code]).toEqual([409, 'not-an-earlier-version'])
    const missing = await rollback({ toVersion: 7 })
    expect([missing.status, missing.body.code]).toEqual([404, 'version-not-found'])
    const stale = await rollback({ toVersion: 1, expectedVersion: 1 })
    expect([stale.status, stale.body.code]).toEqual([409, 'stale-request'])
    expect((await rollback({ toVersion: 0 })).status).toBe(422)

    const rolled = await rollback({ toVersion: 1, expectedVersion: 2 })
    expect(rolled.status).toBe(200)
    expect(rolled.body).toMatchObject({
      version: 3,
      snapshotId: a,
      hash: v1.hash,
      model: v1.model,
      kind: 'rollback',
      rolledBackTo: 1,
      requestId: null,
      promotedBy: { id: 'rita' },
    })
    const production = await call(server, 'GET', `/api/production/${DEMO_ID}`, { token: viewer })
    expect(production.body).toEqual(rolled.body)
    const versions = await call(server, 'GET', `/api/production/${DEMO_ID}/versions`, {
      token: viewer,
    })
    expect(versions.body.current).toBe(3)
    expect(
      versions.body.versions.map((v: { version: number; snapshotId: string }) => [
        v.version,
        v.snapshotId,
      ]),
    ).toEqual([
      [3, a],
      [2, b],
      [1, a],
    ])
    const audit = await call(server, 'GET', `/api/audit?modelId=${DEMO_ID}`, { token: viewer })
    const last = audit.body.entries.at(-1)
    expect(last).toMatchObject({
      action: 'production.rolled-back',
      actor: { id: 'rita' },
      details: { version: 3, toVersion: 1, previousVersion: 2, snapshotId: a },
    })
  })
})
