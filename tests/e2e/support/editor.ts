import type { Page } from 'playwright-core'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import type { AppServer } from './app-server.ts'

/** Imports a copy of the demo model under a new id (one per test, so tests never share a doc). */
export async function createModel(server: AppServer, token: string, id: string): Promise<void> {
  await server.api(token, '/api/models', { body: { ...DEMO_MODEL, id, name: `Model ${id}` } })
}

/** The ids of the demo model's factors, in order. */
export const FACTOR_IDS = DEMO_MODEL.factors.map((f) => f.id)

/** Opens a model's editor with the sign-in link form (`#token=`) and waits for its factor rows. */
export async function openEditor(
  page: Page,
  server: AppServer,
  modelId: string,
  token: string,
): Promise<void> {
  await page.goto(`${server.url}/models/${modelId}#token=${token}`)
  await page.locator('[data-factor-id]').first().waitFor()
}

/** The weight input of a factor row: the hook outside test suites rely on. */
export function weightInput(page: Page, factorId: string) {
  return page.locator(`[data-factor-id="${factorId}"] input[name=weight]`)
}

/** Types a weight and commits it (change fires when the field loses focus), as a user would. */
export async function editWeight(page: Page, factorId: string, weight: number): Promise<void> {
  const input = weightInput(page, factorId)
  await input.fill(String(weight))
  await input.press('Tab')
}

/** Waits until a factor's weight input shows `weight`; rejects after `timeoutMs`. */
export async function waitForWeight(
  page: Page,
  factorId: string,
  weight: number,
  timeoutMs: number,
): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) => {
      const input = document.querySelector<HTMLInputElement>(
        `[data-factor-id="${id}"] input[name=weight]`,
      )
      return input !== null && Number(input.value) === expected
    },
    [factorId, weight] as const,
    { timeout: timeoutMs, polling: 'raf' },
  )
}

/** The sync status the app shows: online, offline or connecting. */
export function syncState(page: Page): Promise<string | null> {
  return page.locator('[data-sync-state]').getAttribute('data-sync-state')
}

/** Waits for the sync status to read `state`. */
export async function waitForSyncState(page: Page, state: string, timeoutMs = 10_000) {
  await page.locator(`[data-sync-state="${state}"]`).waitFor({ timeout: timeoutMs })
}
