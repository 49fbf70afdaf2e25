import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { REPO_ROOT } from '../../sync-server/app-dist-dir.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import {
  createModel,
  editWeight,
  FACTOR_IDS,
  openEditor,
  waitForSyncState,
  waitForWeight,
} from './support/editor.ts'

const MODEL_ID = 'release'
const ARTIFACTS = join(REPO_ROOT, 'tests', 'artifacts')

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface ProductionRecord {
  version: number
  model: { factors: { id: string; weight: number }[] }
}

test('a release manager requests promotion in the app, a second approves, production shows the new weights', async () => {
  const [rita, ravi] = await Promise.all([server.tokenFor(USERS.rita), server.tokenFor(USERS.ravi)])
  await createModel(server, rita, MODEL_ID)
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(page, server, MODEL_ID, rita)
  await waitForSyncState(page, 'online')

  // Swap two weights: the sum stays 1, so the draft is valid and can be promoted.
  const [first, second] = FACTOR_IDS as [string, string]
  await editWeight(page, first, 0.15)
  await editWeight(page, second, 0.2)
  await expect
    .poll(async () => {
      const draft = await server.api<ProductionRecord>(rita, `/api/models/${MODEL_ID}`)
      return draft.model.factors.slice(0, 2).map((f) => f.weight)
    })
    .toEqual([0.15, 0.2])
  expect(await page.locator('[data-finding-code][data-severity="error"]').count()).toBe(0)

  // Rita takes a snapshot and asks for its promotion, in the app.
  await page.locator('input[name="snapshot-label"]').fill('swap size and fit')
  await page.getByRole('button', { name: 'Take snapshot' }).click()
  await page.locator('[data-snapshot-id]').filter({ hasText: 'swap size and fit' }).waitFor()
  const release = page.locator('sp-release-panel')
  await release.locator('input[name="promotion-note"]').fill('first release')
  await release.getByRole('button', { name: 'Request promotion' }).click()
  const ownRequest = release.locator('[data-promotion-id][data-status="pending"]')
  await ownRequest.waitFor()
  // Four eyes: the requester cannot approve their own request.
  expect(await ownRequest.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true)

  // Ravi, with the editor open, sees the request arrive live and approves it.
  const raviPage = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(raviPage, server, MODEL_ID, ravi)
  const raviRequest = raviPage.locator(
    'sp-release-panel [data-promotion-id][data-status="pending"]',
  )
  await raviRequest.waitFor()
  await expect.poll(() => raviRequest.textContent()).toContain('first release')
  await raviRequest.getByRole('button', { name: 'Approve' }).click()

  // Both see production at version 1, Rita without reloading (the server's event stream).
  await raviPage.locator('[data-production-version="1"]').waitFor()
  await page.locator('[data-production-version="1"]').waitFor({ timeout: 5000 })
  await page.locator('sp-release-panel [data-version="1"]').waitFor()

  const production = await server.api<ProductionRecord>(ravi, `/api/production/${MODEL_ID}`)
  expect(production.model.factors.slice(0, 2).map((f) => f.weight)).toEqual([0.15, 0.2])

  // The editor now compares the draft with production v1: they are the same model.
  const impact = page.locator('.impact')
  await impact.getByText('production v1').waitFor({ timeout: 10_000 })
  await expect
    .poll(() => impact.locator('[data-impact="changed-tier"]').textContent())
    .toMatch(/^\s*0\b/)
  // The change feed says who changed the weights.
  await page.locator('[data-change-user="rita"]').first().waitFor()
  await page.screenshot({ path: join(ARTIFACTS, 'release.png'), fullPage: true })

  // Opened again, the editor shows the promoted weights.
  await page.reload()
  await waitForWeight(page, first, 0.15, 5000)
  await waitForWeight(page, second, 0.2, 5000)
})
