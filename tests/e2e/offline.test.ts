import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { REPO_ROOT } from '../../sync-server/app-dist-dir.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, launchPersistentBrowser, VIEWPORT } from './support/browser.ts'
import {
  createModel,
  editWeight,
  FACTOR_IDS,
  openEditor,
  syncState,
  waitForSyncState,
  waitForWeight,
  weightInput,
} from './support/editor.ts'

const ARTIFACTS = join(REPO_ROOT, 'tests', 'artifacts')
const MODEL_ID = 'offline-edit'

let server: AppServer
let browser: Browser
let profile: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'scoring-e2e-profile-'))
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await server?.stop()
  rmSync(profile, { recursive: true, force: true })
})

/** How many updates the page's copy of the model holds in IndexedDB (y-indexeddb's store). */
function storedUpdates(page: Page): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const count = open.result.transaction('updates').objectStore('updates').count()
          count.onsuccess = () => {
            open.result.close()
            resolve(count.result)
          }
          count.onerror = () => reject(count.error)
        }
      }),
    `scoring-playground:model:${MODEL_ID}`,
  )
}

test('an edit made offline survives a browser restart with no network, then syncs on reconnect', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, MODEL_ID)
  const [factor] = FACTOR_IDS as [string]
  const before = (
    await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
      anaToken,
      `/api/models/${MODEL_ID}`,
    )
  ).draft.factors.find((f) => f.id === factor)!.weight

  // First visit, online: the app shell is cached by the service worker, the doc by IndexedDB.
  let ana = await launchPersistentBrowser(profile)
  contexts.push(ana)
  let page = ana.pages()[0] ?? (await ana.newPage())
  await openEditor(page, server, MODEL_ID, anaToken)
  await waitForSyncState(page, 'online')
  await page.locator('.whoami').waitFor()
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })

  // Offline: the status says so, and an edit is kept in this browser only.
  await ana.setOffline(true)
  await waitForSyncState(page, 'offline')
  const stored = await storedUpdates(page)
  await editWeight(page, factor, 0.33)
  await expect.poll(() => storedUpdates(page), { timeout: 5000 }).toBeGreaterThan(stored)
  await ana.close()

  const onServer = await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
    anaToken,
    `/api/models/${MODEL_ID}`,
  )
  expect(onServer.draft.factors.find((f) => f.id === factor)!.weight).toBe(before)

  // Browser restart with no network: the editor opens from the cached shell and IndexedDB,
  // signed in with the stored token, and shows the offline edit.
  ana = await launchPersistentBrowser(profile)
  contexts.push(ana)
  await ana.setOffline(true)
  // A page opened after going offline: the restored first tab may have started before that.
  page = await ana.newPage()
  await page.goto(`${server.url}/models/${MODEL_ID}`)
  await page.locator('[data-factor-id]').first().waitFor({ timeout: 10_000 })
  await waitForWeight(page, factor, 0.33, 5000)
  await waitForSyncState(page, 'offline')
  // Nothing left for the server: the socket stays closed while the browser is offline.
  expect(await page.evaluate(() => navigator.onLine)).toBe(false)
  await page.screenshot({ path: join(ARTIFACTS, 'editor-offline.png'), fullPage: true })

  // Bo, online meanwhile, still sees the weight from before.
  const boContext = await browser.newContext({ viewport: VIEWPORT })
  contexts.push(boContext)
  const bo = await boContext.newPage()
  await openEditor(bo, server, MODEL_ID, boToken)
  await waitForSyncState(bo, 'online')
  expect(Number(await weightInput(bo, factor).inputValue())).toBe(before)

  // Back online: the edit reaches the server and Bo.
  await ana.setOffline(false)
  await waitForSyncState(page, 'online')
  await waitForWeight(bo, factor, 0.33, 5000)
  await bo.locator('[data-presence-user="ana"]').waitFor({ timeout: 5000 })
  const draft = await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
    boToken,
    `/api/models/${MODEL_ID}`,
  )
  expect(draft.draft.factors.find((f) => f.id === factor)!.weight).toBe(0.33)
  // Signed in again once the server answers: no "cannot be reached" notice beside "Online".
  await page.locator('[data-auth-state]').waitFor({ state: 'detached', timeout: 5000 })
  expect(await syncState(page)).toBe('online')
})
