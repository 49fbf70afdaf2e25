import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import {
  createModel,
  FACTOR_IDS,
  openEditor,
  waitForSyncState,
  weightInput,
} from './support/editor.ts'

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('while a weight slider is held, the number, the total and the impact follow; release writes', async () => {
  const token = await server.tokenFor(USERS.ana)
  await createModel(server, token, 'slider')
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await openEditor(page, server, 'slider', token)
  await waitForSyncState(page, 'online')
  const [first] = FACTOR_IDS as [string]
  const changed = page.locator('[data-impact="changed-tier"]')
  await changed.waitFor()
  const before = await changed.textContent()
  const draftWeight = async () => {
    const { draft } = await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
      token,
      '/api/models/slider',
    )
    return draft.factors.find((f) => f.id === first)?.weight
  }
  const original = await draftWeight()

  const slider = page.locator(`[data-factor-id="${first}"] input[name="weight-slider"]`)
  const box = (await slider.boundingBox())!
  const y = box.y + box.height / 2
  await page.mouse.move(box.x + box.width * (original ?? 0.2), y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * 0.9, y, { steps: 8 })

  // Held, not released: the box, the total and the impact preview already show the new weight.
  await expect.poll(() => weightInput(page, first).inputValue()).not.toBe(String(original))
  const held = Number(await weightInput(page, first).inputValue())
  expect(held).toBeGreaterThan(0.8)
  await expect.poll(() => page.locator('.weight-total').textContent()).toContain('should be 1')
  await expect.poll(() => changed.textContent(), { timeout: 10_000 }).not.toBe(before)
  expect(await draftWeight()).toBe(original)

  await page.mouse.up()
  await expect.poll(() => draftWeight()).toBe(held)
})
