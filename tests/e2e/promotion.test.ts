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
  await impact.locator('.impact-source').getByText('production v1').waitFor({ timeout: 10_000 })
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

interface PromotionList {
  promotions: { id: string; status: string; reason: string | null; snapshotId: string }[]
}

test('release decisions by name: live snapshots, the newest picked, one reason per request, rollback confirmed', async () => {
  const [rita, ravi] = await Promise.all([server.tokenFor(USERS.rita), server.tokenFor(USERS.ravi)])
  const modelId = 'release-names'
  await createModel(server, rita, modelId)
  const snap = (label: string) =>
    server.api<{ id: string }>(rita, `/api/models/${modelId}/snapshots`, { body: { label } })
  const first = await snap('first cut')
  const raviPage = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(raviPage, server, modelId, ravi)
  await waitForSyncState(raviPage, 'online')
  const release = raviPage.locator('sp-release-panel')
  await raviPage.locator('[data-snapshot-id]').first().waitFor()

  // Rita takes a snapshot elsewhere: Ravi's lists get it without a reload, and it is picked.
  const second = await snap('second cut')
  await raviPage.locator(`[data-snapshot-id="${second.id}"]`).waitFor({ timeout: 5000 })
  await expect
    .poll(() => release.locator('select[name="promotion-snapshot"]').inputValue())
    .toBe(second.id)

  // Two requests by Rita: Ravi sees them by label and author, never by id.
  for (const snapshotId of [first.id, second.id]) {
    await server.api(rita, `/api/models/${modelId}/promotions`, { body: { snapshotId } })
  }
  const pending = release.locator('[data-promotion-id][data-status="pending"]')
  await expect.poll(() => pending.count()).toBe(2)
  const texts = await pending.allTextContents()
  expect(texts.some((t) => t.includes('first cut') && t.includes('Rita Release'))).toBe(true)
  expect(texts.join(' ')).not.toContain(first.id)

  // Ravi rejects one with a reason; the other's reason field is empty, and it is rejected with
  // its own reason. The server holds each reason with its request.
  const [one] = await pending.evaluateAll((rows) =>
    rows.map((r) => (r as HTMLElement).dataset.promotionId!),
  )
  const row = (id: string) => release.locator(`[data-promotion-id="${id}"]`)
  await row(one!).locator('input[name="reject-reason"]').fill('not yet')
  await row(one!).getByRole('button', { name: 'Reject' }).click()
  await row(one!).and(release.locator('[data-status="rejected"]')).waitFor({ state: 'attached' })
  const other = pending.first()
  expect(await other.locator('input[name="reject-reason"]').inputValue()).toBe('')
  const otherId = await other.getAttribute('data-promotion-id')
  await other.locator('input[name="reject-reason"]').fill('duplicate')
  await other.getByRole('button', { name: 'Reject' }).click()
  await expect
    .poll(async () => {
      const list = await server.api<PromotionList>(ravi, `/api/models/${modelId}/promotions`)
      return Object.fromEntries(list.promotions.map((p) => [p.id, p.reason]))
    })
    .toEqual({ [one!]: 'not yet', [otherId!]: 'duplicate' })

  // Two versions in production; rolling back asks first, and only the confirmation moves it.
  for (const snapshotId of [first.id, second.id]) {
    const request = await server.api<{ id: string }>(rita, `/api/models/${modelId}/promotions`, {
      body: { snapshotId },
    })
    await server.api(ravi, `/api/promotions/${request.id}/approve`, { method: 'POST' })
  }
  const versions = () =>
    server.api<{ current: number; versions: { version: number; rolledBackTo: number | null }[] }>(
      ravi,
      `/api/production/${modelId}/versions`,
    )
  await raviPage.locator('[data-production-version="2"]').waitFor({ timeout: 5000 })
  await release.getByRole('button', { name: 'Roll back to version 1' }).click()
  const confirm = release.getByRole('alertdialog', { name: 'Confirm rollback' })
  await expect
    .poll(async () => (await confirm.textContent())?.replace(/\s+/g, ' '))
    .toContain('It becomes v3, replacing v2')
  expect((await versions()).current).toBe(2)
  await confirm.getByRole('button', { name: 'Roll back to v1' }).click()
  await expect
    .poll(async () => (await versions()).versions[0])
    .toMatchObject({
      version: 3,
      rolledBackTo: 1,
    })
})
