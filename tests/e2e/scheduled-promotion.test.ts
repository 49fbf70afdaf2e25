import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import { createModel, openEditor, waitForSyncState } from './support/editor.ts'

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

interface PromotionList {
  promotions: { id: string; status: string; scheduledFor: string | null }[]
}

test('promote at a chosen time: requested in the app, approved as scheduled, cancelled by the other release manager', async () => {
  const [rita, ravi] = await Promise.all([server.tokenFor(USERS.rita), server.tokenFor(USERS.ravi)])
  const modelId = 'release-later'
  await createModel(server, rita, modelId)
  await server.api(rita, `/api/models/${modelId}/snapshots`, { body: { label: 'monday cut' } })

  const ritaPage = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(ritaPage, server, modelId, rita)
  await waitForSyncState(ritaPage, 'online')
  const ritaRelease = ritaPage.locator('sp-release-panel')
  await ritaRelease.locator('option', { hasText: 'monday cut' }).waitFor({ state: 'attached' })
  // Tomorrow at 09:30 in the browser's time zone.
  const due = new Date(Date.now() + 86_400_000)
  due.setHours(9, 30, 0, 0)
  const pad = (n: number) => String(n).padStart(2, '0')
  await ritaRelease
    .getByLabel('Promote at…')
    .fill(`${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T09:30`)
  await ritaRelease.getByRole('button', { name: 'Request promotion' }).click()
  const ritaRow = ritaRelease.locator('[data-promotion-id]')
  await ritaRow.filter({ hasText: 'once approved' }).waitFor()
  const listed = await server.api<PromotionList>(rita, `/api/models/${modelId}/promotions`)
  expect(listed.promotions.map((p) => [p.status, p.scheduledFor])).toEqual([
    ['pending', due.toISOString()],
  ])

  // Ravi approves it: it waits as scheduled, for both of them, live.
  const raviPage = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(raviPage, server, modelId, ravi)
  const raviRelease = raviPage.locator('sp-release-panel')
  await raviRelease
    .locator('[data-status="pending"]')
    .getByRole('button', { name: 'Approve' })
    .click()
  const scheduled = raviRelease.locator('[data-status="scheduled"]')
  await scheduled.waitFor()
  expect(await scheduled.textContent()).toContain(
    `Scheduled for ${await raviPage.evaluate((iso) => new Date(iso).toLocaleString(), due.toISOString())}`,
  )
  await ritaRelease.locator('[data-status="scheduled"]').waitFor({ timeout: 5000 })
  expect(await raviPage.locator('[data-production-version="0"]').count()).toBe(1)

  // Ravi calls it off, after a confirmation; Rita sees it cancelled.
  await scheduled.getByRole('button', { name: 'Cancel…' }).click()
  await scheduled
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Cancel the promotion' })
    .click()
  await ritaRelease.locator('[data-status="cancelled"]', { hasText: 'cancelled by Ravi' }).waitFor({
    state: 'attached',
    timeout: 5000,
  })
  const after = await server.api<PromotionList>(ravi, `/api/models/${modelId}/promotions`)
  expect(after.promotions.map((p) => p.status)).toEqual(['cancelled'])
})
