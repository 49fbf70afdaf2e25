import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import type { Model } from '../../shared/model-schema.ts'
import { readModel, setFactorField } from '../../shared/model-doc.ts'
import { request } from './support/http-client.ts'
import { connectClient, sameContent, type SyncClient } from './support/sync-client.ts'
import { startTestServer, type TestServer } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

let server: TestServer
const clients: SyncClient[] = []

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.dispose()
})

const MODEL: Model = {
  id: 'pushed',
  name: 'Pushed',
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

/** The model with new weights for size and demo, everything else as it was. */
function reweighted(size: number, demo: number): Model {
  const next = structuredClone(MODEL)
  next.factors[0]!.weight = size
  next.factors[1]!.weight = demo
  return next
}

async function startWithModel(): Promise<void> {
  server = await startTestServer()
  const created = await request(server.url, '/api/models', {
    token: server.tokens.analyst,
    body: MODEL,
  })
  expect(created.status).toBe(201)
}

const put = (body: unknown, token = server.tokens.analyst2, id = MODEL.id) =>
  request(server.url, `/api/models/${id}`, { token, method: 'PUT', body })

const feed = async () =>
  (await request(server.url, `/api/models/${MODEL.id}/changes`, { token: server.tokens.viewer }))
    .body.changes as {
    seq: number
    user: { id: string }
    factorId: string | null
    field: string
    to: unknown
  }[]

/** Everything a caller can observe of the model: the draft and the change feed. */
const fingerprint = async () =>
  JSON.stringify([
    (await request(server.url, `/api/models/${MODEL.id}`, { token: server.tokens.viewer })).body,
    await feed(),
  ])

describe('PUT /api/models/:id', () => {
  test('replaces the draft in one change attributed to the caller, field by field, seen live', async () => {
    await startWithModel()
    const editor = connectClient(server.syncUrl, MODEL.id, server.tokens.analyst)
    clients.push(editor)
    await editor.synced()
    const before = (await feed()).length

    const next = reweighted(0.5, 0.5)
    const receivedBefore = editor.received.length
    const response = await put(next)
    expect(response.status, JSON.stringify(response.body)).toBe(200)
    expect(response.body.model).toEqual(next)
    expect(response.body.changes).toEqual([
      { factorId: 'demo', field: 'weight', from: 0.4, to: 0.5 },
      { factorId: 'size', field: 'weight', from: 0.6, to: 0.5 },
    ])

    await waitFor('the connected editor to see the pushed weights', () => {
      const live = readModel(editor.doc).model
      return live !== null && live.factors.every((f) => f.weight === 0.5)
    })
    // Only the differing values travel: the update holds the two new weights and nothing else.
    const written = editor.received
      .slice(receivedBefore)
      .flatMap((update) => Y.decodeUpdate(update).structs)
      .map((struct) => (struct instanceof Y.Item ? struct.content.getContent() : struct))
    expect(written).toEqual([[0.5], [0.5]])
    const entries = (await feed()).slice(before)
    expect(entries.map((e) => [e.user.id, e.factorId, e.field, e.to])).toEqual([
      ['bo', 'demo', 'weight', 0.5],
      ['bo', 'size', 'weight', 0.5],
    ])
    // One change: both fields came in one update, stored under one seq of the doc's log.
    expect(new Set(entries.map((e) => e.seq)).size).toBe(1)

    const again = await put(next)
    expect(again.body.changes).toEqual([])
    expect((await feed()).length).toBe(before + 2)
  })

  test("a field the push leaves as it was never overrides a co-editor's concurrent edit", async () => {
    await startWithModel()
    const bo = connectClient(server.syncUrl, MODEL.id, server.tokens.analyst2)
    clients.push(bo)
    await bo.synced()
    bo.provider.disconnect()
    // Offline, Bo renames a factor; meanwhile a pipeline pushes new weights with the old label.
    expect(setFactorField(bo.doc, 'size', 'label', 'Company size')).toBe(true)
    expect((await put(reweighted(0.7, 0.3), server.tokens.analyst)).status).toBe(200)
    bo.provider.connect()

    const viewer = connectClient(server.syncUrl, MODEL.id, server.tokens.viewer)
    clients.push(viewer)
    await viewer.synced()
    await waitFor('both docs to converge', () => sameContent(bo.doc, viewer.doc))
    await waitFor("Bo's label at the server", async () =>
      (await feed()).some((e) => e.field === 'label' && e.to === 'Company size'),
    )
    const merged = readModel(viewer.doc).model
    expect(merged?.factors.map((f) => [f.label, f.weight])).toEqual([
      ['Company size', 0.7],
      ['Demo', 0.3],
    ])
  })

  test('a body that is not a model is 422 with its findings, and nothing changes', async () => {
    await startWithModel()
    const before = await fingerprint()
    const bad = { ...reweighted(0.5, 0.5), tiers: [{ name: 'all', min: '0' }] }
    const response = await put(bad)
    expect(response.status).toBe(422)
    expect(response.contentType).toBe('application/problem+json')
    expect(response.body.code).toBe('invalid-model')
    expect(response.body.findings[0].path).toEqual(['tiers', 0, 'min'])

    const duplicate = reweighted(0.5, 0.5)
    duplicate.factors[1]!.id = 'size'
    expect((await put(duplicate)).status).toBe(422)

    const elsewhere = await put({ ...reweighted(0.5, 0.5), id: 'other' })
    expect([elsewhere.status, elsewhere.body.findings[0].path]).toEqual([422, ['id']])
    expect((await put('not json at all')).status).toBe(422)
    expect(await fingerprint()).toBe(before)
  })

  test('an unknown model is 404; a viewer may not push', async () => {
    await startWithModel()
    const before = await fingerprint()
    const unknown = await put({ ...MODEL, id: 'nowhere' }, server.tokens.analyst, 'nowhere')
    expect([unknown.status, unknown.body.code]).toEqual([404, 'model-not-found'])
    const viewer = await put(reweighted(0.5, 0.5), server.tokens.viewer)
    expect([viewer.status, viewer.body.code]).toEqual([403, 'forbidden'])
    expect(await fingerprint()).toBe(before)
  })
})
