import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  DEMO_LEAD_COUNT,
  DEMO_SEED,
  FIT_HOLDOUT,
  FIT_SEED,
} from '../../client/controllers/impact-controller.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, DEMO_OUTCOME_FIELD, generateDemoColumns } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { fitWeights } from '../../engine/fit-weights.ts'
import { readOutcomes } from '../../engine/read-outcomes.ts'
import { REPO_ROOT } from '../../sync-server/app-dist-dir.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import { createModel, openEditor, waitForSyncState, waitForWeight } from './support/editor.ts'

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

/** The weights the engine fits to the demo leads the editor scores: what the worker must suggest. */
function expectedWeights(): Record<string, number> {
  const data = generateDemoColumns(DEMO_LEAD_COUNT, DEMO_SEED)
  const scorer = createColumnScorer(data, DEMO_MODEL, { asOf: DEMO_AS_OF })
  const outcomes = readOutcomes(data.columns[DEMO_OUTCOME_FIELD] as Float64Array)
  const fit = fitWeights(scorer, outcomes, { holdout: FIT_HOLDOUT, seed: FIT_SEED })
  if (!fit.ok) throw new Error(fit.message)
  return Object.fromEntries(fit.model.factors.map((f) => [f.id, f.weight]))
}

test('Suggest weights fits in the worker, applies the weights as one edit a co-editor receives, and Undo takes it back', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, 'suggest')
  const ana = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  const bo = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await Promise.all([
    openEditor(ana, server, 'suggest', anaToken),
    openEditor(bo, server, 'suggest', boToken),
  ])
  await Promise.all([waitForSyncState(ana, 'online'), waitForSyncState(bo, 'online')])

  // The backtest of the demo leads shows before anything is fitted.
  await ana.locator('[data-backtest="auc-draft"]').waitFor()
  await ana.getByRole('button', { name: 'Suggest weights' }).click()
  await ana.locator('[data-fit-status="applied"]').waitFor({ timeout: 20_000 })

  const expected = expectedWeights()
  for (const [id, weight] of Object.entries(expected)) {
    await waitForWeight(ana, id, weight, 5000)
    await waitForWeight(bo, id, weight, 5000)
  }
  const draft = await server.api<{ draft: { factors: { id: string; weight: number }[] } }>(
    anaToken,
    '/api/models/suggest',
  )
  expect(Object.fromEntries(draft.draft.factors.map((f) => [f.id, f.weight]))).toEqual(expected)
  // The fitted weights rank the demo conversions better on the held-out leads too.
  const holdout = await ana.locator('tr[data-fit-part="holdout"] td').allTextContents()
  expect(Number(holdout[2])).toBeGreaterThan(Number(holdout[1]))
  await ana.locator('.backtest').screenshot({ path: join(ARTIFACTS, 'backtest-panel.png') })

  // One Undo takes every suggested weight back, for the co-editor too.
  await ana.locator('button[name="undo"]').click()
  for (const factor of DEMO_MODEL.factors) {
    await waitForWeight(ana, factor.id, factor.weight, 5000)
    await waitForWeight(bo, factor.id, factor.weight, 5000)
  }
})
