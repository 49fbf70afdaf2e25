import { afterEach, expect, test } from 'vitest'
import { DEMO_ID } from './support/models.ts'
import { openEventStream } from './support/event-stream.ts'
import {
  call,
  promote,
  requestPromotion,
  startPromotionServer,
  takeSnapshot,
  type PromotionServer,
  type Who,
} from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

type Role = 'viewer' | 'analyst' | 'releaseManager'
interface Route {
  method: string
  path: string
  body?: unknown
  csv?: string
  /** The least role allowed; null: no token needed. */
  role: Role | null
}

const CALLERS: (Who | null)[] = [null, 'viewer', 'analyst', 'releaseManager']
const RANK: Record<Role, number> = { viewer: 1, analyst: 2, releaseManager: 3 }

test('every promotion, production, scoring, dataset, audit and webhook endpoint enforces its role', async () => {
  server = await startPromotionServer({ workflow: { webhookAllowPrivate: true } })
  const snapshotId = await takeSnapshot(server, DEMO_ID)
  await promote(server, DEMO_ID, snapshotId)
  await promote(server, DEMO_ID, snapshotId)
  // Made by the second release manager, so the first (the matrix's) may decide them.
  const toApprove = await requestPromotion(server, 'releaseManager2', DEMO_ID, snapshotId)
  const toReject = await requestPromotion(server, 'releaseManager2', DEMO_ID, snapshotId)
  const dataset = await call(server, 'POST', '/api/datasets', {
    token: server.tokenOf('analyst'),
    raw: 'employees\n10\n',
    headers: { 'content-type': 'text/csv' },
  })
  const webhook = await call(server, 'POST', '/api/webhooks', {
    token: server.tokenOf('releaseManager2'),
    body: {
      url: 'http://127.0.0.1:9/hook',
      events: ['promotion.requested'],
      secret: 'a-secret-of-16-chars',
    },
  })
  const m = DEMO_ID
  const routes: Route[] = [
    { method: 'GET', path: '/api/docs', role: null },
    { method: 'GET', path: '/api/openapi.json', role: 'viewer' },
    { method: 'GET', path: '/api/promotions', role: 'viewer' },
    { method: 'GET', path: `/api/promotions/${toApprove.body.id}`, role: 'viewer' },
    { method: 'GET', path: `/api/models/${m}/promotions`, role: 'viewer' },
    { method: 'GET', path: `/api/promotions/${toApprove.body.id}/comments`, role: 'viewer' },
    { method: 'GET', path: `/api/production/${m}`, role: 'viewer' },
    { method: 'GET', path: `/api/production/${m}/versions`, role: 'viewer' },
    { method: 'POST', path: `/api/score/${m}`, body: { leads: [{}] }, role: 'viewer' },
    {
      method: 'POST',
      path: `/api/score/${m}?snapshot=${snapshotId}`,
      body: { leads: [{}] },
      role: 'viewer',
    },
    { method: 'GET', path: '/api/datasets', role: 'viewer' },
    { method: 'GET', path: `/api/datasets/${dataset.body.id}`, role: 'viewer' },
    { method: 'GET', path: `/api/datasets/${dataset.body.id}/csv`, role: 'viewer' },
    { method: 'GET', path: `/api/models/${m}/reference-dataset`, role: 'viewer' },
    { method: 'GET', path: '/api/audit', role: 'viewer' },
    { method: 'GET', path: '/api/audit/verify', role: 'viewer' },
    { method: 'POST', path: '/api/datasets', csv: 'employees\n20\n', role: 'analyst' },
    {
      method: 'PUT',
      path: `/api/models/${m}/reference-dataset`,
      body: { datasetId: 'demo' },
      role: 'analyst',
    },
    {
      method: 'POST',
      path: `/api/promotions/${toApprove.body.id}/comments`,
      body: { body: 'looks fine' },
      role: 'analyst',
    },
    {
      method: 'POST',
      path: `/api/models/${m}/promotions`,
      body: { snapshotId },
      role: 'releaseManager',
    },
    {
      method: 'POST',
      path: `/api/promotions/${toApprove.body.id}/approve`,
      role: 'releaseManager',
    },
    {
      method: 'POST',
      path: `/api/promotions/${toReject.body.id}/reject`,
      body: { reason: 'no' },
      role: 'releaseManager',
    },
    {
      method: 'POST',
      path: `/api/production/${m}/rollback`,
      body: { toVersion: 1 },
      role: 'releaseManager',
    },
    {
      method: 'POST',
      path: '/api/webhooks',
      body: {
        url: 'http://127.0.0.1:9/x',
        events: ['production.promoted'],
        secret: 'another-secret-16ch',
      },
      role: 'releaseManager',
    },
    { method: 'GET', path: '/api/webhooks', role: 'releaseManager' },
    { method: 'GET', path: `/api/webhooks/${webhook.body.id}/deliveries`, role: 'releaseManager' },
    { method: 'DELETE', path: `/api/webhooks/${webhook.body.id}`, role: 'releaseManager' },
  ]
  for (const route of routes) {
    for (const who of CALLERS) {
      const answer = await call(server, route.method, route.path, {
        token: who === null ? undefined : server.tokenOf(who),
        body: route.body,
        raw: route.csv,
        headers: route.csv === undefined ? {} : { 'content-type': 'text/csv' },
      })
      const label = `${route.method} ${route.path} as ${who ?? 'nobody'}`
      const allowed = route.role === null || (who !== null && RANK[who as Role] >= RANK[route.role])
      if (allowed) {
        expect(answer.status, label).toBeLessThan(400)
      } else if (who === null) {
        expect([answer.status, answer.body.code], label).toEqual([401, 'unauthorized'])
      } else {
        expect([answer.status, answer.body.code], label).toEqual([403, 'forbidden'])
      }
    }
  }

  // The event stream: every signed-in role, none without a token.
  for (const who of CALLERS) {
    const query = who === null ? '' : `?token=${server.tokenOf(who)}`
    const stream = await openEventStream(`${server.url}/api/events${query}`)
    stream.close()
    expect(stream.status, `events as ${who ?? 'nobody'}`).toBe(who === null ? 401 : 200)
  }
})
