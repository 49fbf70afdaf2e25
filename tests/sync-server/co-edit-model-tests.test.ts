import { afterEach, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { addTests, newTestId, readModel, removeTest } from '../../shared/model-doc.ts'
import type { Model, ModelTest } from '../../shared/model-schema.ts'
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

const golden = (id: string, label: string, tier: string): ModelTest => ({
  id,
  label,
  asOf: '2026-01-01T00:00:00Z',
  lead: { employees: 800, industry: 'fintech' },
  expect: { tier },
})

test('two analysts editing different tests at once over the server both keep their edit', async () => {
  server = await startTestServer()
  const seeded: Model = {
    ...DEMO_MODEL,
    tests: [golden('acme', 'Acme', 'C'), golden('globex', 'Globex', 'C')],
  }
  const put = await request(server.url, `/api/models/${DEMO_MODEL.id}`, {
    token: server.tokens.analyst,
    method: 'PUT',
    body: seeded,
  })
  expect(put.status).toBe(200)

  const ana = connectClient(server.syncUrl, DEMO_MODEL.id, server.tokens.analyst)
  const bo = connectClient(server.syncUrl, DEMO_MODEL.id, server.tokens.analyst2)
  clients.push(ana, bo)
  await Promise.all([ana.synced(), bo.synced()])
  ana.provider.disconnect()
  bo.provider.disconnect()
  const added = newTestId()
  addTests(ana.doc, [golden(added, 'Initech', 'B')])
  expect(removeTest(bo.doc, 'acme')).toBe(true)
  ana.provider.connect()
  bo.provider.connect()

  await waitFor('both editors to converge', () => sameContent(ana.doc, bo.doc))
  const labels = () => readModel(ana.doc).model?.tests?.map((t) => t.label)
  await waitFor('both edits in each editor', () => labels()?.join() === 'Globex,Initech')
  const feed = async () =>
    (
      await request(server.url, `/api/models/${DEMO_MODEL.id}/changes`, {
        token: server.tokens.viewer,
      })
    ).body.changes as { user: { id: string }; field: string; from: unknown; to: unknown }[]
  await waitFor('both edits in the change feed', async () => {
    const entries = await feed()
    return (
      entries.some((e) => e.field === `tests.${added}` && e.user.id === 'ana' && e.from === null) &&
      entries.some((e) => e.field === 'tests.acme' && e.user.id === 'bo' && e.to === null)
    )
  })
  const draft = await request(server.url, `/api/models/${DEMO_MODEL.id}`, {
    token: server.tokens.viewer,
  })
  expect(draft.body.model.tests.map((t: ModelTest) => t.id)).toEqual(['globex', added])
})
