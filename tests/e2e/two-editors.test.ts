import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
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

/*
 * Two people on one model at once, each in their own browser: what one does never silently
 * replaces or hides what the other did. Judged by the server's draft and change feed.
 */

interface DraftFactor {
  id: string
  label: string
  weight: number
}
interface Change {
  user: { id: string }
  factorId: string | null
  field: string
  to: unknown
}

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function draftFactors(token: string, modelId: string): Promise<DraftFactor[]> {
  const { draft } = await server.api<{ draft: { factors: DraftFactor[] } }>(
    token,
    `/api/models/${modelId}`,
  )
  return draft.factors
}

/** Ana and Bo, each in a browser of their own, both online in the editor of a fresh model. */
async function openPair(modelId: string) {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, modelId)
  const anaContext = await browser.newContext({ viewport: VIEWPORT })
  const boContext = await browser.newContext({ viewport: VIEWPORT })
  const [ana, bo] = await Promise.all([anaContext.newPage(), boContext.newPage()])
  await Promise.all([
    openEditor(ana, server, modelId, anaToken),
    openEditor(bo, server, modelId, boToken),
  ])
  await Promise.all([waitForSyncState(ana, 'online'), waitForSyncState(bo, 'online')])
  return { ana, bo, anaToken, boToken, boContext }
}

/** Adds a factor in the page and names it; returns its id. */
async function addNamedFactor(page: Page, label: string): Promise<string> {
  const before = await page.locator('[data-factor-id]').count()
  await page.getByRole('button', { name: 'Add factor' }).click()
  await expect.poll(() => page.locator('[data-factor-id]').count()).toBe(before + 1)
  const focused = page.locator('[data-factor-id] input[name="label"]:focus')
  const id = await page.evaluate(
    () => document.activeElement?.closest('[data-factor-id]')?.getAttribute('data-factor-id') ?? '',
  )
  await focused.fill(label)
  await focused.press('Tab')
  return id
}

test('two people add a factor while one is offline: both factors survive, each credited', async () => {
  const { ana, bo, anaToken, boContext } = await openPair('two-adds')
  await boContext.setOffline(true)
  await waitForSyncState(bo, 'offline')

  const boId = await addNamedFactor(bo, 'Bo’s factor')
  const anaId = await addNamedFactor(ana, 'Ana’s factor')
  expect(boId).not.toBe(anaId)

  await boContext.setOffline(false)
  await waitForSyncState(bo, 'online')
  await expect
    .poll(async () => (await draftFactors(anaToken, 'two-adds')).map((f) => f.label), {
      timeout: 10_000,
    })
    .toEqual(expect.arrayContaining(['Ana’s factor', 'Bo’s factor']))
  const factors = await draftFactors(anaToken, 'two-adds')
  expect(factors).toHaveLength(FACTOR_IDS.length + 2)
  expect(factors.find((f) => f.id === anaId)?.label).toBe('Ana’s factor')
  expect(factors.find((f) => f.id === boId)?.label).toBe('Bo’s factor')
  for (const page of [ana, bo]) {
    await page.locator(`[data-factor-id="${anaId}"]`).waitFor()
    await page.locator(`[data-factor-id="${boId}"]`).waitFor()
  }

  // The feed credits each with their own factor, and Bo with nothing of Ana's.
  const { changes } = await server.api<{ changes: Change[] }>(
    anaToken,
    '/api/models/two-adds/changes?limit=200',
  )
  expect(changes.filter((c) => c.factorId === anaId).map((c) => c.user.id)).toContain('ana')
  expect(changes.filter((c) => c.factorId === anaId && c.user.id === 'bo')).toEqual([])
  expect(changes.filter((c) => c.factorId === boId).map((c) => c.user.id)).toContain('bo')
  expect(changes.some((c) => c.field === 'order')).toBe(false)
})

test('undo takes back one’s own edit, a remove and a restore, never the co-editor’s', async () => {
  const { ana, bo, anaToken } = await openPair('two-undo')
  const [first, second, third] = FACTOR_IDS as [string, string, string]
  const original = await draftFactors(anaToken, 'two-undo')
  const weightOf = async (id: string) =>
    (await draftFactors(anaToken, 'two-undo')).find((f) => f.id === id)?.weight

  await editWeight(ana, first, 0.41)
  await editWeight(bo, second, 0.07)
  await waitForWeight(ana, second, 0.07, 5000)
  await ana.keyboard.press('Control+z')
  await waitForWeight(bo, first, original[0]!.weight, 5000)
  await expect.poll(() => weightOf(first)).toBe(original[0]!.weight)
  expect(await weightOf(second)).toBe(0.07)
  // Redo puts it back, for everyone.
  await ana.keyboard.press('Control+Shift+z')
  await waitForWeight(bo, first, 0.41, 5000)

  // A removed factor comes back with Undo, for Bo too.
  const removed = original[2]!
  await ana.getByRole('button', { name: `Remove ${removed.label}` }).click()
  await bo.locator(`[data-factor-id="${third}"]`).waitFor({ state: 'detached' })
  await ana.getByRole('button', { name: 'Undo', exact: true }).click()
  await bo.locator(`[data-factor-id="${third}"]`).waitFor()
  await expect
    .poll(async () => (await draftFactors(anaToken, 'two-undo')).map((f) => f.id))
    .toContain(third)

  // A restore is Ana's own edit too: Undo brings back the draft as it was, Bo's edit included.
  await ana.locator('input[name="snapshot-label"]').fill('start')
  await ana.getByRole('button', { name: 'Take snapshot' }).click()
  await ana.locator('[data-snapshot-id]').filter({ hasText: 'start' }).waitFor()
  await editWeight(bo, second, 0.12)
  await waitForWeight(ana, second, 0.12, 5000)
  await ana.getByRole('button', { name: 'Restore snapshot start' }).click()
  await ana.getByRole('button', { name: 'Restore “start”' }).click()
  await waitForWeight(bo, second, 0.07, 5000)
  await ana.getByRole('button', { name: 'Undo', exact: true }).click()
  await waitForWeight(bo, second, 0.12, 5000)
  await expect.poll(() => weightOf(second)).toBe(0.12)
})

test('both commit the same weight at once: each box shows the merged value and who set it', async () => {
  const { ana, bo, anaToken, boContext } = await openPair('two-same-field')
  const [first] = FACTOR_IDS as [string]
  await boContext.setOffline(true)
  await waitForSyncState(bo, 'offline')

  // Each types a weight and presses Enter, staying in the box.
  for (const [page, weight] of [
    [ana, '0.31'],
    [bo, '0.42'],
  ] as const) {
    await weightInput(page, first).fill(weight)
    await weightInput(page, first).press('Enter')
  }
  await boContext.setOffline(false)
  await waitForSyncState(bo, 'online')

  // The docs agree on one value; both boxes show it although both still have focus.
  let merged = 0
  await expect
    .poll(
      async () => {
        const draft = (await draftFactors(anaToken, 'two-same-field')).find((f) => f.id === first)
        merged = draft?.weight ?? 0
        const shown = await Promise.all([ana, bo].map((p) => weightInput(p, first).inputValue()))
        return shown.every((v) => Number(v) === merged)
      },
      { timeout: 10_000 },
    )
    .toBe(true)
  expect([0.31, 0.42]).toContain(merged)
  for (const page of [ana, bo]) {
    expect(await weightInput(page, first).evaluate((e) => e === document.activeElement)).toBe(true)
  }
  // The one whose value lost is told who set the one shown.
  const [loser, winner] = merged === 0.31 ? [bo, 'Ana Analyst'] : [ana, 'Bo Analyst']
  await loser
    .locator(`[data-factor-id="${first}"] .factor-weight [data-changed-by="${winner}"]`)
    .waitFor({ timeout: 5000 })
})
