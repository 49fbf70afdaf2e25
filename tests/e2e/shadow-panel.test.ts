import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_AS_OF, generateDemoLeads } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import { createModel, openEditor } from './support/editor.ts'

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('the release panel shows a pending request’s shadow figures and follows production’s traffic', async () => {
  const [rita, ravi] = await Promise.all([server.tokenFor(USERS.rita), server.tokenFor(USERS.ravi)])
  const modelId = 'shadowed'
  await createModel(server, rita, modelId)
  const snapshot = (label: string) =>
    server.api<{ id: string }>(rita, `/api/models/${modelId}/snapshots`, { body: { label } })
  const request = async (label: string) =>
    server.api<{ id: string }>(rita, `/api/models/${modelId}/promotions`, {
      body: { snapshotId: (await snapshot(label)).id },
    })
  const first = await request('base')
  await server.api(ravi, `/api/promotions/${first.id}/approve`, { method: 'POST' })
  await server.api(rita, `/api/models/${modelId}`, {
    method: 'PUT',
    body: {
      ...DEMO_MODEL,
      id: modelId,
      name: `Model ${modelId}`,
      factors: DEMO_MODEL.factors.map((f, i) =>
        i === 0 ? { ...f, weight: f.weight - 0.1 } : i === 1 ? { ...f, weight: f.weight + 0.1 } : f,
      ),
    },
  })
  const pending = await request('candidate')

  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(page, server, modelId, ravi)
  const line = page.locator(`sp-release-panel [data-promotion-id="${pending.id}"] [data-shadow]`)
  await expect.poll(() => line.textContent(), { timeout: 15_000 }).toContain('no leads scored')
  await server.api(ravi, `/api/score/${modelId}`, {
    body: { leads: generateDemoLeads(40, 3), asOf: DEMO_AS_OF },
  })
  // No event announces scored leads: the panel's poll brings them while the page is shown.
  await expect
    .poll(() => line.textContent(), { timeout: 30_000 })
    .toMatch(/Shadow: 40 leads scored, .*mean [+−]?\d\.\d{3}, largest \d\.\d\d/)
})
