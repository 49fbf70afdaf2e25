import { mkdirSync } from 'node:fs'
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
  weightInput,
} from './support/editor.ts'

const ARTIFACTS = join(REPO_ROOT, 'tests', 'artifacts')

let server: AppServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('two analysts co-edit one model: each sees the other, and the other’s weight within a second', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, 'co-edit')
  const ana = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  const bo = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await Promise.all([
    openEditor(ana, server, 'co-edit', anaToken),
    openEditor(bo, server, 'co-edit', boToken),
  ])
  await Promise.all([waitForSyncState(ana, 'online'), waitForSyncState(bo, 'online')])

  // Presence: each sees the other, under the id their token names.
  await ana.locator('[data-presence-user="bo"]').waitFor({ timeout: 5000 })
  await bo.locator('[data-presence-user="ana"]').waitFor({ timeout: 5000 })
  // The sign-in token left the address bar once stored.
  expect(new URL(ana.url()).hash).toBe('')

  const [first, second] = FACTOR_IDS as [string, string]
  await editWeight(ana, first, 0.41)
  await waitForWeight(bo, first, 0.41, 1000)
  await editWeight(bo, second, 0.07)
  await waitForWeight(ana, second, 0.07, 1000)

  // Both edits landed in both editors, and the server's draft holds them too.
  expect(await weightInput(ana, first).inputValue()).toBe('0.41')
  expect(await weightInput(bo, second).inputValue()).toBe('0.07')
  const draft = await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
    anaToken,
    '/api/models/co-edit',
  )
  const weights = Object.fromEntries(draft.draft.factors.map((f) => [f.id, f.weight]))
  expect(weights[first]).toBe(0.41)
  expect(weights[second]).toBe(0.07)

  // The weights no longer sum to 1: the merged model shows that as a finding to fix.
  await ana.locator('[data-finding-code][data-severity="error"]').first().waitFor()

  await ana.locator('.impact').waitFor()
  await ana.screenshot({ path: join(ARTIFACTS, 'editor.png'), fullPage: true })
  await ana.locator('.impact').screenshot({ path: join(ARTIFACTS, 'impact-panel.png') })
})

test('a snapshot taken in the app restores for everyone editing the model', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, 'restore')
  const ana = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  const bo = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await Promise.all([
    openEditor(ana, server, 'restore', anaToken),
    openEditor(bo, server, 'restore', boToken),
  ])
  await Promise.all([waitForSyncState(ana, 'online'), waitForSyncState(bo, 'online')])
  const [first] = FACTOR_IDS as [string]
  const original = Number(await weightInput(ana, first).inputValue())

  await ana.locator('input[name="snapshot-label"]').fill('as imported')
  await ana.getByRole('button', { name: 'Take snapshot' }).click()
  await ana.locator('[data-snapshot-id]').filter({ hasText: 'as imported' }).waitFor()

  await editWeight(bo, first, 0.9)
  await waitForWeight(ana, first, 0.9, 1000)
  // The change feed names Bo as the author of the edit.
  await ana.locator('[data-change-user="bo"]').first().waitFor({ timeout: 5000 })

  await ana.getByRole('button', { name: 'Restore snapshot as imported' }).click()
  // Restoring replaces everyone's draft: it happens only once confirmed.
  await ana.getByRole('button', { name: 'Restore “as imported”' }).click()
  await waitForWeight(ana, first, original, 5000)
  await waitForWeight(bo, first, original, 5000)
})
