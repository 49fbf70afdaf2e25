import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { REPO_ROOT } from '../../sync-server/app-dist-dir.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import {
  createModel,
  FACTOR_IDS,
  openEditor,
  waitForSyncState,
  waitForWeight,
  weightInput,
} from './support/editor.ts'

const ARTIFACTS = join(REPO_ROOT, 'tests', 'artifacts')
/** A narrow window: a phone held upright, or a browser squeezed beside another. */
const NARROW = { width: 420, height: 800 }
/** More Tab presses than the editor has controls before its last factor row. */
const MAX_TABS = 200

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

interface DraftAnswer {
  draft: { factors: { id: string; weight: number }[] }
}

async function draftWeight(token: string, modelId: string, factorId: string) {
  const answer = await server.api<DraftAnswer>(token, `/api/models/${modelId}`)
  return answer.draft.factors.find((f) => f.id === factorId)?.weight
}

/** Presses Tab until the weight input of `factorId` has focus; fails if it never gets there. */
async function tabToWeight(page: Page, factorId: string): Promise<number> {
  for (let presses = 1; presses <= MAX_TABS; presses++) {
    await page.keyboard.press('Tab')
    const there = await page.evaluate(
      (id) =>
        document.activeElement?.matches(`[data-factor-id="${id}"] input[name=weight]`) ?? false,
      factorId,
    )
    if (there) return presses
  }
  throw new Error(`the weight of ${factorId} was not reached in ${MAX_TABS} Tab presses`)
}

/** How far the document is wider than the window, in CSS pixels (0 when nothing overflows). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth))
}

test('the editor is readable at 1280×800 and at 420 px wide, with no sideways scrolling', async () => {
  const token = await server.tokenFor(USERS.ana)
  await createModel(server, token, 'layout')
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(page, server, 'layout', token)
  await waitForSyncState(page, 'online')
  await page.locator('.impact').waitFor()
  await page.screenshot({ path: join(ARTIFACTS, 'editor-1280.png'), fullPage: true })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)

  await page.setViewportSize(NARROW)
  // Let the layout settle at the new width (one frame for Lit, one for the browser).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
  await page.screenshot({ path: join(ARTIFACTS, 'editor-narrow.png'), fullPage: true })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  // Every factor's weight stays on screen to be edited, not cut off at the right edge.
  for (const id of FACTOR_IDS) {
    const box = await weightInput(page, id).boundingBox()
    expect(box, `weight input of ${id}`).not.toBeNull()
    expect(box!.x + box!.width).toBeLessThanOrEqual(NARROW.width + 1)
  }
})

test('a weight can be changed with the keyboard alone, committed by Enter or by Tab', async () => {
  const token = await server.tokenFor(USERS.ana)
  await createModel(server, token, 'keyboard')
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(page, server, 'keyboard', token)
  await waitForSyncState(page, 'online')
  const [first, second] = FACTOR_IDS as [string, string]

  // From the top of the page: Tab to the first weight, replace its text, commit with Enter.
  await page.locator('body').focus()
  await tabToWeight(page, first)
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('0.35')
  await page.keyboard.press('Enter')
  await expect.poll(() => draftWeight(token, 'keyboard', first)).toBe(0.35)

  // On to the second row's weight, type, and commit by leaving the field with Tab.
  await tabToWeight(page, second)
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('0.05')
  await page.keyboard.press('Tab')
  await expect.poll(() => draftWeight(token, 'keyboard', second)).toBe(0.05)
  await waitForWeight(page, second, 0.05, 1000)

  // The weights no longer sum to 1: the live findings say so, as they do for a mouse edit.
  await page.locator('[data-finding-code][data-severity="error"]').first().waitFor()
  // ...where they can be seen at 1280×800 with the page scrolled to the top, not below the tiers.
  await page.evaluate(() => window.scrollTo(0, 0))
  const box = await page.locator('[data-finding-code="weight-sum"]').boundingBox()
  expect(box).not.toBeNull()
  expect(box!.y + box!.height).toBeLessThanOrEqual(VIEWPORT.height)
})

test('the models list fits a 390 px phone, long names and ids included, with nothing hidden', async () => {
  const token = await server.tokenFor(USERS.ana)
  const longId = 'inbound-enterprise-leads-scored-for-the-emea-sales-team-q3'
  await createModel(server, token, longId)
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
  await page.goto(`${server.url}/#token=${token}`)
  const row = page.locator(`[data-model-id="${longId}"]`)
  await row.waitFor()
  await page.screenshot({ path: join(ARTIFACTS, 'models-390.png'), fullPage: true })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  // The row still offers the model's id, its checks and its export, all within the screen.
  expect(await row.textContent()).toContain(longId)
  const exportBox = await row.getByRole('button', { name: /^Export/ }).boundingBox()
  expect(exportBox).not.toBeNull()
  expect(exportBox!.x + exportBox!.width).toBeLessThanOrEqual(390 + 1)
})
