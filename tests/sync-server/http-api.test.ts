import Database from 'better-sqlite3'
import { Agent, get } from 'node:http'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { Model } from '../../shared/model-schema.ts'
import { readModel, setTransformParam, setWeight } from '../../shared/model-doc.ts'
import { DATABASE_FILE } from '../../sync-server/store/sqlite/open-sqlite-database.ts'
import { request } from './support/http-client.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { startTestServer, type TestServer, type UserKey } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.dispose()
})

const SMALL_MODEL: Model = {
  id: 'small',
  name: 'Small',
  factors: [
    {
      id: 'size',
      label: 'Size',
      field: 'employees',
      weight: 0.6,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 100 },
    },
    {
      id: 'demo',
      label: 'Demo',
      field: 'demo_requested',
      weight: 0.4,
      missing: 0,
      transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
    },
  ],
  tiers: [
    { name: 'hot', min: 0.5 },
    { name: 'cold', min: 0 },
  ],
}

describe('HTTP API', () => {
  test('an idle connection is kept longer than a load balancer keeps it, and shutdown still ends it', async () => {
    server = await startTestServer()
    // Kept alive: the socket stays open and idle in the agent while the server shuts down below,
    // which must close it rather than wait the 65 s out.
    const agent = new Agent({ keepAlive: true })
    const keepAlive = await new Promise<unknown>((resolve, reject) => {
      get(`${server.url}/healthz`, { agent }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.headers['keep-alive']))
      }).on('error', reject)
    })
    // Node's default was timeout=5: a balancer's idle timeout (60 s is usual) outlived it, and a
    // request sent as the server closed the connection was reset.
    expect(keepAlive).toBe('timeout=65')
    // Resolves only once every connection closed: an idle one that waited out its 65 s would fail
    // the test by its timeout.
    await server.dispose()
    agent.destroy()
  })

  test('every route but /healthz needs a token, and a role that includes the one it requires', async () => {
    server = await startTestServer()
    const { tokens } = server
    const snapshot = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots`, {
      token: tokens.analyst,
      body: { label: 'seed' },
    })
    expect(snapshot.status).toBe(201)
    const routes: { method: string; path: string; body?: unknown; role: UserKey | null }[] = [
      { method: 'GET', path: '/healthz', role: null },
      { method: 'GET', path: '/api/me', role: 'viewer' },
      { method: 'GET', path: '/metrics', role: 'viewer' },
      { method: 'GET', path: '/api/models', role: 'viewer' },
      { method: 'GET', path: `/api/models/${DEMO_MODEL.id}`, role: 'viewer' },
      { method: 'GET', path: `/api/models/${DEMO_MODEL.id}/snapshots`, role: 'viewer' },
      {
        method: 'GET',
        path: `/api/models/${DEMO_MODEL.id}/snapshots/${snapshot.body.id}`,
        role: 'viewer',
      },
      { method: 'GET', path: `/api/models/${DEMO_MODEL.id}/changes`, role: 'viewer' },
      {
        method: 'POST',
        path: '/api/models',
        body: { ...SMALL_MODEL, id: 'matrix' },
        role: 'analyst',
      },
      {
        method: 'POST',
        path: `/api/models/${DEMO_MODEL.id}/snapshots`,
        body: { label: 'matrix' },
        role: 'analyst',
      },
      {
        method: 'POST',
        path: `/api/models/${DEMO_MODEL.id}/snapshots/${snapshot.body.id}/restore`,
        role: 'analyst',
      },
    ]
    const order: (UserKey | null)[] = [null, 'viewer', 'analyst', 'releaseManager']
    for (const route of routes) {
      for (const caller of order) {
        const response = await request(server.url, route.path, {
          method: route.method,
          body: route.body,
          ...(caller === null ? {} : { token: tokens[caller] }),
        })
        const allowed =
          route.role === null ||
          (caller !== null && order.indexOf(caller) >= order.indexOf(route.role))
        const label = `${route.method} ${route.path} as ${caller ?? 'nobody'}`
        if (allowed) {
          expect(response.status, label).toBeLessThan(400)
        } else {
          expect(response.status, label).toBe(caller === null ? 401 : 403)
          expect(response.contentType, label).toBe('application/problem+json')
          expect(response.body.code, label).toBe(caller === null ? 'unauthorized' : 'forbidden')
        }
        if (route.method === 'POST' && route.path === '/api/models' && allowed) {
          // The next allowed caller would hit "exists"; give each its own id.
          ;(route.body as Model).id = `matrix-${caller}`
        }
      }
    }
    const badToken = await request(server.url, '/api/me', { token: 'not-a-jwt' })
    expect(badToken.status).toBe(401)
  })

  test('/api/me returns the token’s identity', async () => {
    server = await startTestServer()
    const me = await request(server.url, '/api/me', { token: server.tokens.analyst })
    expect(me.body).toEqual({ id: 'ana', name: 'Ana Analyst', role: 'analyst' })
  })

  test('importing a model: 201 with findings, 409 for an existing id, 422 with paths for a bad one', async () => {
    server = await startTestServer()
    const token = server.tokens.analyst
    const unbalanced = {
      ...SMALL_MODEL,
      factors: [{ ...SMALL_MODEL.factors[0]!, weight: 0.9 }, SMALL_MODEL.factors[1]],
    }
    const created = await request(server.url, '/api/models', { token, body: unbalanced })
    expect(created.status).toBe(201)
    expect(created.body.model.id).toBe('small')
    expect(created.body.findings.map((f: { code: string }) => f.code)).toEqual(['weight-sum'])

    const again = await request(server.url, '/api/models', { token, body: SMALL_MODEL })
    expect([again.status, again.body.code]).toEqual([409, 'model-exists'])

    const bad = await request(server.url, '/api/models', {
      token,
      body: { ...SMALL_MODEL, id: 'bad', factors: [{ ...SMALL_MODEL.factors[0]!, weight: '0.5' }] },
    })
    expect([bad.status, bad.body.code, bad.contentType]).toEqual([
      422,
      'invalid-model',
      'application/problem+json',
    ])
    expect(bad.body.findings.map((f: { path: unknown }) => f.path)).toEqual([
      ['factors', 0, 'weight'],
    ])

    const notJson = await request(server.url, '/api/models', { token, rawBody: '{"id": ' })
    expect([notJson.status, notJson.body.code]).toEqual([400, 'bad-json'])
    const duplicate = await request(server.url, '/api/models', {
      token,
      body: {
        ...SMALL_MODEL,
        id: 'dup',
        factors: [SMALL_MODEL.factors[0], SMALL_MODEL.factors[0]],
      },
    })
    expect([duplicate.status, duplicate.body.findings[0].code]).toEqual([
      422,
      'duplicate-factor-id',
    ])

    const list = await request(server.url, '/api/models', { token: server.tokens.viewer })
    // Other parts (promotion) add fields to a summary; these are the draft's own.
    expect(list.body.models).toEqual([
      expect.objectContaining({
        id: DEMO_MODEL.id,
        name: DEMO_MODEL.name,
        updatedAt: expect.any(String),
        errors: 0,
        warnings: 0,
      }),
      expect.objectContaining({ id: 'small', name: 'Small', errors: 1, warnings: 0 }),
    ])
    const one = await request(server.url, '/api/models/small', { token: server.tokens.viewer })
    expect(one.body.model).toEqual(unbalanced)
    expect(one.body.findings.map((f: { code: string }) => f.code)).toEqual(['weight-sum'])
    expect((await request(server.url, '/api/models/nope', { token })).status).toBe(404)
  })

  test('a client connected to an imported model sees it, and the draft read over HTTP follows live edits', async () => {
    server = await startTestServer()
    await request(server.url, '/api/models', { token: server.tokens.analyst, body: SMALL_MODEL })
    const c = connectClient(server.syncUrl, 'small', server.tokens.analyst)
    clients.push(c)
    await c.synced()
    expect(readModel(c.doc).model).toEqual(SMALL_MODEL)
    setWeight(c.doc, 'size', 0.5)
    await waitFor('the edit in the HTTP draft', async () => {
      const one = await request(server.url, '/api/models/small', { token: server.tokens.viewer })
      return one.body.model.factors[0].weight === 0.5
    })
  })

  test('a snapshot is immutable and hashed; restoring it shows up live in a connected client', async () => {
    server = await startTestServer()
    const token = server.tokens.analyst
    const c = connectClient(server.syncUrl, DEMO_MODEL.id, token)
    clients.push(c)
    await c.synced()

    const taken = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots`, {
      token,
      body: { label: 'before tuning' },
    })
    expect(taken.status).toBe(201)
    expect(taken.body).toMatchObject({
      label: 'before tuning',
      model: DEMO_MODEL,
      findings: [],
      createdBy: { id: 'ana', name: 'Ana Analyst' },
    })
    expect(taken.body.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(Date.parse(taken.body.createdAt)).not.toBeNaN()

    setWeight(c.doc, 'bounce', 0.2)
    setTransformParam(c.doc, 'web-engagement', 'max', 80)
    await waitFor('edits stored', async () => {
      const one = await request(server.url, `/api/models/${DEMO_MODEL.id}`, { token })
      return one.body.model.factors.find((f: { id: string }) => f.id === 'bounce').weight === 0.2
    })
    const second = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots`, {
      token,
      body: { label: 'tuned' },
    })
    expect(second.body.hash).not.toBe(taken.body.hash)

    const restored = await request(
      server.url,
      `/api/models/${DEMO_MODEL.id}/snapshots/${taken.body.id}/restore`,
      { token: server.tokens.analyst2, method: 'POST' },
    )
    expect(restored.status).toBe(200)
    expect(restored.body.model).toEqual(DEMO_MODEL)
    await waitFor('the restore at the connected client', () => {
      const model = readModel(c.doc).model
      return model !== null && JSON.stringify(model) === JSON.stringify(DEMO_MODEL)
    })

    const list = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots`, { token })
    expect(list.body.snapshots.map((s: { label: string }) => s.label)).toEqual([
      'before tuning',
      'tuned',
    ])
    const fetched = await request(
      server.url,
      `/api/models/${DEMO_MODEL.id}/snapshots/${second.body.id}`,
      { token },
    )
    expect(fetched.body).toEqual(second.body)
    const db = new Database(join(server.dataDir, DATABASE_FILE))
    expect(() => db.prepare("UPDATE snapshots SET label = 'x'").run()).toThrow(/immutable/)
    expect(() => db.prepare('DELETE FROM snapshots').run()).toThrow(/immutable/)
    db.close()
    const missing = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots/nope`, {
      token,
    })
    expect([missing.status, missing.body.code]).toEqual([404, 'snapshot-not-found'])
    const noLabel = await request(server.url, `/api/models/${DEMO_MODEL.id}/snapshots`, {
      token,
      body: {},
    })
    expect(noLabel.status).toBe(422)
    expect(noLabel.body.issues[0].path).toEqual(['label'])
  })

  test('the change feed attributes each edit to the user of the connection or request that made it', async () => {
    server = await startTestServer()
    const c = connectClient(server.syncUrl, DEMO_MODEL.id, server.tokens.analyst2)
    clients.push(c)
    await c.synced()
    // What a client claims about itself has no say in attribution.
    c.provider.awareness.setLocalStateField('user', { id: 'ana', name: 'Ana Analyst' })
    setWeight(c.doc, 'bounce', 0.06)
    const feed = async () =>
      (
        await request(server.url, `/api/models/${DEMO_MODEL.id}/changes`, {
          token: server.tokens.viewer,
        })
      ).body
    await waitFor('the weight change in the feed', async () =>
      (await feed()).changes.some((e: { field: string }) => e.field === 'weight'),
    )
    const { changes } = await feed()
    const weight = changes.find((e: { field: string }) => e.field === 'weight')
    expect(weight).toMatchObject({
      factorId: 'bounce',
      field: 'weight',
      from: 0.05,
      to: 0.06,
      user: { id: 'bo', name: 'Bo Analyst' },
    })
    expect(Date.parse(weight.at)).not.toBeNaN()
    expect(changes[0]).toMatchObject({ user: { id: 'system' }, field: 'description' })

    const after = await request(
      server.url,
      `/api/models/${DEMO_MODEL.id}/changes?after=${weight.id}`,
      {
        token: server.tokens.viewer,
      },
    )
    expect(after.body.changes).toEqual([])
    const badQuery = await request(server.url, `/api/models/${DEMO_MODEL.id}/changes?limit=0`, {
      token: server.tokens.viewer,
    })
    expect([badQuery.status, badQuery.body.issues[0].path]).toEqual([422, ['limit']])
  })

  test('/metrics speaks Prometheus and counts what the server did', async () => {
    server = await startTestServer()
    const c = connectClient(server.syncUrl, DEMO_MODEL.id, server.tokens.analyst)
    clients.push(c)
    await c.synced()
    setWeight(c.doc, 'bounce', 0.06)
    await waitFor(
      'the edit persisted',
      async () => (await server.store.docs.load(DEMO_MODEL.id))!.lastSeq >= 2,
    )
    const metrics = await request(server.url, '/metrics', { token: server.tokens.viewer })
    expect(metrics.contentType).toMatch(/^text\/plain/)
    expect(metrics.body).toMatch(/^sync_connections 1$/m)
    expect(metrics.body).toMatch(/^sync_docs_in_memory 1$/m)
    expect(metrics.body).toMatch(/^sync_updates_persisted_total 2$/m)
    expect(metrics.body).toMatch(/^sync_persist_seconds_count 2$/m)
    expect(metrics.body).toMatch(/^sync_message_bytes_count\{direction="in"\} [1-9]/m)
  })
})
