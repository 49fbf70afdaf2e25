import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  BranchListSchema,
  BranchSchema,
  MergeResultSchema,
} from '../../shared/branch-api-schemas.ts'
import type { Model } from '../../shared/model-schema.ts'
import { readModel, setFactorField, setWeight } from '../../shared/model-doc.ts'
import { request } from './support/http-client.ts'
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.ts'
import { connectClient, type SyncClient } from './support/sync-client.ts'
import { startTestServer, type TestServer, type UserKey } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

let server: TestServer
const servers: TestServer[] = []
const clients: SyncClient[] = []
let postgres: Promise<PrivatePostgres> | null = null

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.dispose()
})
afterAll(async () => {
  if (postgres !== null) (await postgres).stop()
})

const STORES = ['sqlite', 'postgres'] as const
type StoreKind = (typeof STORES)[number]

/** A server on a fresh store of that kind; the same PostgreSQL database for `database`. */
async function startOn(kind: StoreKind, database?: string): Promise<TestServer> {
  let url = database
  if (kind === 'postgres' && url === undefined) {
    postgres ??= startPrivatePostgres()
    url = await (await postgres).createDatabase()
  }
  const started = await startTestServer(url === undefined ? {} : { database: { url, poolSize: 4 } })
  servers.push(started)
  return started
}

const MODEL: Model = {
  id: 'leads',
  name: 'Leads',
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

const BRANCHES = `/api/models/${MODEL.id}/branches`
const call = (
  path: string,
  options: { as?: UserKey; method?: string; body?: unknown; rawBody?: string } = {},
) => request(server.url, path, { ...options, token: server.tokens[options.as ?? 'analyst'] })

let kind: StoreKind = 'sqlite'

async function startWithModel(): Promise<void> {
  server = await startOn(kind)
  const created = await call('/api/models', { body: MODEL })
  expect(created.status).toBe(201)
}

async function fork(name: string, as: UserKey = 'analyst', from?: string) {
  const response = await call(BRANCHES, {
    as,
    body: from === undefined ? { name } : { name, from },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return BranchSchema.parse(response.body)
}

const merge = async (name: string, dryRun = false, as: UserKey = 'analyst2') => {
  const path = `${BRANCHES}/${encodeURIComponent(name)}/merge${dryRun ? '?dryRun=1' : ''}`
  const response = await call(path, { as, method: 'POST' })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return MergeResultSchema.parse(response.body)
}

const draft = async (): Promise<Model> => (await call(`/api/models/${MODEL.id}`)).body.model
const feed = async (docId: string) =>
  (await call(`/api/models/${docId}/changes`)).body.changes as {
    user: { id: string }
    factorId: string | null
    field: string
    to: unknown
  }[]

/** Everything a caller can observe of the model: draft, change feeds, branches, audit log. */
const fingerprint = async () =>
  JSON.stringify([
    await draft(),
    await feed(MODEL.id),
    (await call(BRANCHES)).body,
    (await call('/api/audit', { as: 'releaseManager' })).body,
    (await call('/api/models')).body,
  ])

/** Edits the branch through the stock client and waits until the server committed the edit. */
async function editBranch(branchId: string, edit: (client: SyncClient) => void, field: string) {
  const client = connectClient(server.syncUrl, branchId, server.tokens.analyst)
  clients.push(client)
  await client.synced()
  edit(client)
  await waitFor(`the branch edit of ${field} at the server`, async () =>
    (await feed(branchId)).some((e) => `${e.factorId}.${e.field}` === field),
  )
  return client
}

const withWeights = (size: number, demo: number, change: (m: Model) => void = () => {}) => {
  const next = structuredClone(MODEL)
  next.factors[0]!.weight = size
  next.factors[1]!.weight = demo
  change(next)
  return next
}

describe.each(STORES)('branches on %s', (store) => {
  beforeEach(() => {
    kind = store
  })

  test('a fork is a new doc holding the draft; it is listed under its model, not as a model', async () => {
    await startWithModel()
    const branch = await fork('intent first')
    expect(branch).toMatchObject({
      modelId: MODEL.id,
      name: 'intent first',
      forkedBy: { id: 'ana', name: 'Ana Analyst' },
      from: null,
    })
    expect(branch.branchId).toMatch(/^b-[0-9a-f]{20}$/)
    const client = connectClient(server.syncUrl, branch.branchId, server.tokens.viewer)
    clients.push(client)
    await client.synced()
    expect(readModel(client.doc).model).toEqual(MODEL)

    const list = BranchListSchema.parse((await call(BRANCHES, { as: 'viewer' })).body)
    expect(list.branches).toEqual([{ ...branch, branchChanges: 0, draftChanges: 0 }])
    const one = await call(`${BRANCHES}/intent%20first`, { as: 'viewer' })
    expect(one.body).toEqual(list.branches[0])
    const models = (await call('/api/models')).body.models.map((m: { id: string }) => m.id)
    expect(models).toContain(MODEL.id)
    expect(models).not.toContain(branch.branchId)
    const missing = await call(`${BRANCHES}/nope`)
    expect([missing.status, missing.body.code]).toEqual([404, 'branch-not-found'])
  })

  test('merge brings the branch edits to the draft and keeps the draft edits, as one change by the merger', async () => {
    await startWithModel()
    const branch = await fork('scenario')
    // On the branch, through the stock client: the size weight and the demo label.
    await editBranch(
      branch.branchId,
      (c) => {
        c.doc.transact(() => {
          setWeight(c.doc, 'size', 0.3)
          setFactorField(c.doc, 'demo', 'label', 'Demo asked')
        })
      },
      'demo.label',
    )
    // On the draft, through PUT: the demo weight and the size label (size weight unchanged).
    const put = await call(`/api/models/${MODEL.id}`, {
      method: 'PUT',
      body: withWeights(0.6, 0.7, (m) => (m.factors[0]!.label = 'Company size')),
    })
    expect(put.status).toBe(200)
    const editor = connectClient(server.syncUrl, MODEL.id, server.tokens.viewer)
    clients.push(editor)
    await editor.synced()

    const [listed] = BranchListSchema.parse((await call(BRANCHES)).body).branches
    expect([listed!.branchChanges, listed!.draftChanges]).toEqual([1, 1])

    const feedBefore = (await feed(MODEL.id)).length
    const result = await merge('scenario')
    expect(result).toEqual({
      changed: ['factors.demo.label', 'factors.size.weight'],
      bothChanged: [],
      applied: true,
    })
    const merged = await draft()
    expect(merged.factors.map((f) => [f.label, f.weight])).toEqual([
      ['Company size', 0.3],
      ['Demo asked', 0.7],
    ])
    // One change, attributed to the merging user (Bo), seen live by a connected editor.
    const entries = (await feed(MODEL.id)).slice(feedBefore)
    expect(entries.map((e) => [e.user.id, `${e.factorId}.${e.field}`, e.to])).toEqual([
      ['bo', 'demo.label', 'Demo asked'],
      ['bo', 'size.weight', 0.3],
    ])
    await waitFor('the editor to see the merge', () => {
      const live = readModel(editor.doc).model
      return live?.factors[0]?.weight === 0.3 && live.factors[1]?.label === 'Demo asked'
    })
    const audit = (await call('/api/audit', { as: 'releaseManager' })).body.entries as {
      action: string
      actor: { id: string }
      details: Record<string, unknown>
    }[]
    expect(
      audit.filter((e) => e.action.startsWith('branch.')).map((e) => [e.action, e.actor.id]),
    ).toEqual([
      ['branch.created', 'ana'],
      ['branch.merged', 'bo'],
    ])

    // Merging again brings nothing new and writes nothing.
    const before = await fingerprint()
    expect(await merge('scenario')).toEqual({ changed: [], bothChanged: [], applied: false })
    expect(await merge('scenario', true)).toEqual({ changed: [], bothChanged: [], applied: false })
    expect(await fingerprint()).toBe(before)
  })

  test('a field changed on both sides is listed with the value kept and the one dropped; a dry run writes nothing', async () => {
    await startWithModel()
    const branch = await fork('heavier demo')
    await editBranch(branch.branchId, (c) => setWeight(c.doc, 'demo', 0.9), 'demo.weight')
    await editBranch(branch.branchId, (c) => setWeight(c.doc, 'size', 0.1), 'size.weight')
    expect(
      (await call(`/api/models/${MODEL.id}`, { method: 'PUT', body: withWeights(0.6, 0.2) }))
        .status,
    ).toBe(200)

    const before = await fingerprint()
    const preview = await merge('heavier demo', true)
    expect(await fingerprint()).toBe(before)
    expect(preview.applied).toBe(false)
    expect(preview.changed).toEqual(['factors.demo.weight', 'factors.size.weight'])
    expect(preview.bothChanged).toHaveLength(1)
    const [conflict] = preview.bothChanged
    expect(conflict!.field).toBe('factors.demo.weight')
    expect([conflict!.won, conflict!.lost].sort()).toEqual([0.2, 0.9])

    const result = await merge('heavier demo')
    expect(result).toEqual({ ...preview, applied: true })
    const merged = await draft()
    // The preview named the value the merge keeps.
    expect(merged.factors.map((f) => f.weight)).toEqual([0.1, conflict!.won])
  })

  test('a branch forked from a snapshot brings the snapshot’s values back on merge', async () => {
    await startWithModel()
    const snapshot = await call(`/api/models/${MODEL.id}/snapshots`, { body: { label: 'v1' } })
    expect(snapshot.status).toBe(201)
    // The draft moves on after the snapshot.
    const moved = withWeights(0.5, 0.5, (m) => (m.name = 'Leads v2'))
    expect((await call(`/api/models/${MODEL.id}`, { method: 'PUT', body: moved })).status).toBe(200)

    const branch = await fork('back to v1', 'analyst', snapshot.body.id)
    expect(branch.from).toBe(snapshot.body.id)
    const client = connectClient(server.syncUrl, branch.branchId, server.tokens.viewer)
    clients.push(client)
    await client.synced()
    expect(readModel(client.doc).model).toEqual(MODEL)
    const [listed] = BranchListSchema.parse((await call(BRANCHES)).body).branches
    expect([listed!.branchChanges, listed!.draftChanges]).toEqual([1, 0])
    const feedOfBranch = await feed(branch.branchId)
    expect(feedOfBranch.every((e) => e.user.id === 'ana')).toBe(true)

    const result = await merge('back to v1')
    expect(result.changed).toEqual(['name', 'factors.demo.weight', 'factors.size.weight'])
    expect(result.bothChanged).toEqual([])
    expect(await draft()).toEqual(MODEL)

    const unknown = await call(BRANCHES, { body: { name: 'x', from: 'no-such-snapshot' } })
    expect([unknown.status, unknown.body.code]).toEqual([404, 'snapshot-not-found'])
  })

  test('an unchanged field written to the draft by PUT or restore never shadows the branch’s change', async () => {
    await startWithModel()
    const snapshot = await call(`/api/models/${MODEL.id}/snapshots`, { body: { label: 'fork' } })
    const branch = await fork('smaller size')
    await editBranch(branch.branchId, (c) => setWeight(c.doc, 'size', 0.25), 'size.weight')
    // The draft is written whole twice, each time with the size weight as it was at the fork.
    const relabelled = withWeights(0.6, 0.4, (m) => (m.factors[1]!.label = 'Demo call'))
    expect(
      (await call(`/api/models/${MODEL.id}`, { method: 'PUT', body: relabelled })).status,
    ).toBe(200)
    const restored = await call(`/api/models/${MODEL.id}/snapshots/${snapshot.body.id}/restore`, {
      method: 'POST',
    })
    expect(restored.status).toBe(200)
    const result = await merge('smaller size')
    expect(result).toEqual({ changed: ['factors.size.weight'], bothChanged: [], applied: true })
    expect((await draft()).factors[0]!.weight).toBe(0.25)
  })

  test('names are unique per model while the branch lives; deleting is for its creator or a release manager', async () => {
    await startWithModel()
    const first = await fork('scenario')
    const again = await call(BRANCHES, { as: 'analyst2', body: { name: '  scenario ' } })
    expect([again.status, again.body.code]).toEqual([409, 'branch-name-taken'])

    const before = await fingerprint()
    const byOther = await call(`${BRANCHES}/scenario`, { as: 'analyst2', method: 'DELETE' })
    expect([byOther.status, byOther.body.code]).toEqual([403, 'forbidden'])
    const byViewer = await call(`${BRANCHES}/scenario`, { as: 'viewer', method: 'DELETE' })
    expect(byViewer.status).toBe(403)
    expect(await fingerprint()).toBe(before)

    const byCreator = await call(`${BRANCHES}/scenario`, { method: 'DELETE' })
    expect(byCreator.status).toBe(204)
    expect((await call(BRANCHES)).body.branches).toEqual([])
    // The name is free again; the old branch's history stays in the audit log and its feed.
    const second = await fork('scenario', 'analyst2')
    expect(second.branchId).not.toBe(first.branchId)
    const byManager = await call(`${BRANCHES}/scenario`, { as: 'releaseManager', method: 'DELETE' })
    expect(byManager.status).toBe(204)
    const audit = (await call('/api/audit', { as: 'releaseManager' })).body.entries as {
      action: string
      actor: { id: string }
      details: { branchId?: string }
    }[]
    expect(
      audit
        .filter((e) => e.action.startsWith('branch.'))
        .map((e) => [e.action, e.actor.id, e.details.branchId]),
    ).toEqual([
      ['branch.created', 'ana', first.branchId],
      ['branch.deleted', 'ana', first.branchId],
      ['branch.created', 'bo', second.branchId],
      ['branch.deleted', 'rita', second.branchId],
    ])
    expect((await call(`/api/models/${first.branchId}/changes`)).status).toBe(200)
  })

  test('a branch’s doc is no model: the model routes refuse its id and change nothing; its feed answers', async () => {
    await startWithModel()
    const snapshot = await call(`/api/models/${MODEL.id}/snapshots`, { body: { label: 'v1' } })
    expect(snapshot.status).toBe(201)
    const branch = await fork('scenario')
    await editBranch(branch.branchId, (c) => setWeight(c.doc, 'size', 0.7), 'size.weight')
    const id = branch.branchId
    const observe = async () => JSON.stringify([await fingerprint(), await feed(id)])
    const before = await observe()
    const asModel: [string, string, UserKey, unknown?][] = [
      ['GET', `/api/models/${id}`, 'viewer'],
      ['PUT', `/api/models/${id}`, 'analyst', { ...MODEL, id }],
      ['GET', `/api/models/${id}/snapshots`, 'viewer'],
      ['POST', `/api/models/${id}/snapshots`, 'analyst', { label: 'branch' }],
      ['GET', `/api/models/${id}/promotions`, 'viewer'],
      ['POST', `/api/models/${id}/promotions`, 'releaseManager', { snapshotId: snapshot.body.id }],
      ['GET', `/api/models/${id}/branches`, 'viewer'],
      ['GET', `/api/models/${id}/reference-dataset`, 'viewer'],
      ['GET', `/api/production/${id}`, 'viewer'],
    ]
    for (const [method, path, as, body] of asModel) {
      const response = await call(path, { method, as, body })
      expect([response.status, response.body.code], `${method} ${path}`).toEqual([
        404,
        'model-not-found',
      ])
      expect(response.body.detail, `${method} ${path}`).toContain('is a branch')
    }
    expect(await observe()).toBe(before)
    // What the branch editor reads keeps answering: the branch's feed and the branch itself.
    expect((await feed(id)).map((e) => `${e.factorId}.${e.field}`)).toContain('size.weight')
    expect((await call(`${BRANCHES}/scenario`, { as: 'viewer' })).status).toBe(200)
  })

  test('a viewer reads branches but may not fork or merge; bad bodies are 422 and change nothing', async () => {
    await startWithModel()
    await fork('scenario')
    const before = await fingerprint()
    const viewerFork = await call(BRANCHES, { as: 'viewer', body: { name: 'mine' } })
    expect([viewerFork.status, viewerFork.body.code]).toEqual([403, 'forbidden'])
    const viewerMerge = await call(`${BRANCHES}/scenario/merge`, { as: 'viewer', method: 'POST' })
    expect(viewerMerge.status).toBe(403)
    const viewerUpdate = await call(`${BRANCHES}/scenario/merge-update`, { as: 'viewer' })
    expect(viewerUpdate.status).toBe(403)
    expect((await call(BRANCHES, { as: 'viewer' })).status).toBe(200)

    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'x'.repeat(81) },
      { name: 42 },
      { name: 'ok', from: 7 },
      { name: 'ok', extra: true },
      ['ok'],
    ]) {
      const response = await call(BRANCHES, { body })
      expect([response.status, response.body.code], JSON.stringify(body)).toEqual([
        422,
        'invalid-request',
      ])
    }
    const notJson = await call(BRANCHES, { rawBody: '{"name":' })
    expect([notJson.status, notJson.body.code]).toEqual([400, 'bad-json'])
    const badQuery = await call(`${BRANCHES}/scenario/merge?dryRun=maybe`, { method: 'POST' })
    expect(badQuery.status).toBe(422)
    const unknownModel = await call('/api/models/nowhere/branches', { body: { name: 'x' } })
    expect([unknownModel.status, unknownModel.body.code]).toEqual([404, 'model-not-found'])
    expect(await fingerprint()).toBe(before)
  })
})

test('a merge on one instance reaches an editor of the draft on another', async () => {
  postgres ??= startPrivatePostgres()
  const database = await (await postgres).createDatabase()
  server = await startOn('postgres', database)
  expect((await call('/api/models', { body: MODEL })).status).toBe(201)
  const other = await startOn('postgres', database)
  const editor = connectClient(other.syncUrl, MODEL.id, other.tokens.viewer)
  clients.push(editor)
  await editor.synced()
  const branch = await fork('scenario')
  // The branch is edited through the other instance.
  const writer = connectClient(other.syncUrl, branch.branchId, other.tokens.analyst)
  clients.push(writer)
  await writer.synced()
  setWeight(writer.doc, 'size', 0.35)
  await waitFor('the branch edit at the server', async () =>
    (await feed(branch.branchId)).some((e) => e.field === 'weight'),
  )
  expect((await merge('scenario')).changed).toEqual(['factors.size.weight'])
  await waitFor(
    'the editor on the other instance to see the merge',
    () => readModel(editor.doc).model?.factors[0]?.weight === 0.35,
  )
})
