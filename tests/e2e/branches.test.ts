import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { z } from 'zod'
import type { AuditListSchema } from '../../shared/audit-api-schemas.ts'
import type { BranchSummary, MergeResult } from '../../shared/branch-api-schemas.ts'
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

const MODEL_ID = 'branch-merge'
const BRANCH = 'intent first'

let server: AppServer
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {})
  await browser?.close()
  await server?.stop()
})

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  contexts.push(context)
  return { context, page: await context.newPage() }
}

type AuditList = z.infer<typeof AuditListSchema>
type Draft = { draft: { factors: { id: string; weight: number }[] } }
const weightOn = (draft: Draft, id: string) => draft.draft.factors.find((f) => f.id === id)!.weight

test('a branch edited offline, reconnected, merged into the draft with both sides kept, and the merge undone', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, MODEL_ID)
  const [onBranch, onDraft] = FACTOR_IDS as [string, string]
  const start = await server.api<Draft>(anaToken, `/api/models/${MODEL_ID}`)

  // Ana forks a branch from the models page and lands in its editor.
  const ana = await newPage()
  await ana.page.goto(`${server.url}/#token=${anaToken}`)
  await ana.page.getByRole('button', { name: `New branch of Model ${MODEL_ID}` }).click()
  await ana.page.getByLabel('Branch name').fill(BRANCH)
  await ana.page.getByRole('button', { name: 'Create branch' }).click()
  await ana.page.waitForURL(`**/models/${MODEL_ID}/branches/intent%20first`)
  await ana.page.locator(`[data-branch="${BRANCH}"]`).waitFor()
  await ana.page.locator('[data-factor-id]').first().waitFor()
  await waitForSyncState(ana.page, 'online')
  expect(await ana.page.locator('.branch-banner').innerText()).toContain(
    `Branch ${BRANCH} of Model ${MODEL_ID}, forked from draft by Ana Analyst`,
  )

  // Offline, Ana edits the branch; meanwhile Bo edits another field of the draft.
  await ana.context.setOffline(true)
  await waitForSyncState(ana.page, 'offline')
  await editWeight(ana.page, onBranch, 0.33)
  const bo = await newPage()
  await openEditor(bo.page, server, MODEL_ID, boToken)
  await waitForSyncState(bo.page, 'online')
  await editWeight(bo.page, onDraft, 0.07)
  await expect
    .poll(async () =>
      weightOn(await server.api<Draft>(boToken, `/api/models/${MODEL_ID}`), onDraft),
    )
    .toBe(0.07)

  // Back online: the branch's offline edit reaches the server.
  await ana.context.setOffline(false)
  await waitForSyncState(ana.page, 'online')
  const mergePath = `/api/models/${MODEL_ID}/branches/${encodeURIComponent(BRANCH)}/merge?dryRun=1`
  await expect
    .poll(
      async () => (await server.api<MergeResult>(anaToken, mergePath, { method: 'POST' })).changed,
    )
    .toContain(`factors.${onBranch}.weight`)

  // Merge…: the preview names the field. Confirmed with the network gone, nothing is merged.
  const branchUrl = ana.page.url()
  const preview = async () => {
    await ana.page.getByRole('button', { name: 'Merge…' }).click()
    await ana.page.locator(`[data-merge-field="factors.${onBranch}.weight"]`).waitFor()
  }
  await preview()
  await ana.context.setOffline(true)
  await ana.page.getByRole('button', { name: 'Confirm merge' }).click()
  const failed = ana.page.locator('[data-merge-state="failed"]')
  await failed.waitFor()
  expect(await failed.innerText()).toContain('The server cannot be reached')
  await ana.context.setOffline(false)
  expect(weightOn(await server.api<Draft>(boToken, `/api/models/${MODEL_ID}`), onBranch)).toBe(
    weightOn(start, onBranch),
  )

  // Online again, Confirm has the server merge it, on the draft's page.
  await ana.page.goto(branchUrl)
  await preview()
  await ana.page.getByRole('button', { name: 'Confirm merge' }).click()
  await ana.page.locator('[data-merge-state="applied"]').waitFor()
  expect(new URL(ana.page.url()).pathname).toBe(`/models/${MODEL_ID}`)
  expect(new URL(ana.page.url()).search).toBe('')
  await waitForWeight(ana.page, onBranch, 0.33, 5000)
  await waitForWeight(ana.page, onDraft, 0.07, 5000)
  // It travels as Ana's edit: Bo sees it live, the server keeps both sides' edits.
  await waitForWeight(bo.page, onBranch, 0.33, 5000)
  await expect
    .poll(async () => {
      const draft = await server.api<Draft>(boToken, `/api/models/${MODEL_ID}`)
      return [weightOn(draft, onBranch), weightOn(draft, onDraft)]
    })
    .toEqual([0.33, 0.07])
  // The server merged it: the audit log names Ana and the branch, as for a merge through the API.
  const ritaToken = await server.tokenFor(USERS.rita)
  const audit = await server.api<AuditList>(ritaToken, `/api/audit?modelId=${MODEL_ID}`)
  expect(
    audit.entries
      .filter((e) => e.action.startsWith('branch.'))
      .map((e) => [e.action, e.actor.id, e.details.name, e.details.changed]),
  ).toEqual([
    ['branch.created', 'ana', BRANCH, undefined],
    ['branch.merged', 'ana', BRANCH, [`factors.${onBranch}.weight`]],
  ])
  const branches = await server.api<{ branches: BranchSummary[] }>(
    anaToken,
    `/api/models/${MODEL_ID}/branches`,
  )
  expect(branches.branches.map((b) => b.name)).toEqual([BRANCH])

  // Undo by the merging user takes the merge back, and only the merge.
  await ana.page.locator('button[name=undo]').click()
  const before = weightOn(start, onBranch)
  await waitForWeight(ana.page, onBranch, before, 5000)
  await waitForWeight(bo.page, onBranch, before, 5000)
  expect(Number(await weightInput(ana.page, onDraft).inputValue())).toBe(0.07)
  await expect
    .poll(async () => {
      const draft = await server.api<Draft>(boToken, `/api/models/${MODEL_ID}`)
      return [weightOn(draft, onBranch), weightOn(draft, onDraft)]
    })
    .toEqual([before, 0.07])

  // Merging twice brings nothing new.
  await ana.page.goto(`${server.url}/models/${MODEL_ID}/branches/intent%20first`)
  await ana.page.getByRole('button', { name: 'Merge…' }).click()
  await ana.page.locator('[data-merge-nothing]').waitFor()
  expect(await ana.page.getByRole('button', { name: 'Confirm merge' }).count()).toBe(0)
})

test('the models page lists a new branch live, the impact preview compares with it, and its creator deletes it', async () => {
  const modelId = 'branch-compare'
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, modelId)
  const [factor] = FACTOR_IDS as [string]

  const ana = await newPage()
  await ana.page.goto(`${server.url}/#token=${anaToken}`)
  const branchesOfModel = ana.page.locator(`[data-branches-of="${modelId}"]`)
  await branchesOfModel.getByRole('button', { name: `New branch of Model ${modelId}` }).waitFor()

  // Bo forks a branch: it shows on Ana's models page without a reload.
  await server.api(boToken, `/api/models/${modelId}/branches`, { body: { name: 'firmo' } })
  const listed = branchesOfModel.locator('li[data-branch="firmo"]')
  await listed.waitFor()
  expect(await listed.innerText()).toContain('forked by Bo Analyst')

  // Bo moves a weight on the branch, in its editor.
  const bo = await newPage()
  await bo.page.goto(`${server.url}/models/${modelId}/branches/firmo#token=${boToken}`)
  await bo.page.locator('[data-factor-id]').first().waitFor()
  await waitForSyncState(bo.page, 'online')
  await editWeight(bo.page, factor, 0.9)

  // Ana, on the draft, compares the branch with the draft: leads move.
  await listed.getByRole('link').click()
  await ana.page.locator('[data-branch="firmo"]').waitFor()
  await ana.page.getByRole('link', { name: `Model ${modelId}` }).click()
  await ana.page.locator('[data-factor-id]').first().waitFor()
  await ana.page.locator('[data-impact="spearman"]').waitFor()
  expect(await ana.page.locator('[data-impact="spearman"]').innerText()).toBe('1.000')
  await ana.page.getByLabel('Candidate', { exact: true }).selectOption({ label: 'branch “firmo”' })
  await expect
    .poll(() => ana.page.locator('.impact-source').innerText())
    .toContain('branch “firmo” compared with')
  await expect
    .poll(() => ana.page.locator('[data-impact="spearman"]').innerText())
    .not.toBe('1.000')
  // Ana did not fork it: no Delete… for her; Bo deletes it after a confirmation.
  await ana.page.goto(`${server.url}/models/${modelId}/branches/firmo`)
  await ana.page.locator('[data-branch="firmo"]').waitFor()
  expect(await ana.page.getByRole('button', { name: 'Delete…' }).count()).toBe(0)
  await bo.page.getByRole('button', { name: 'Delete…' }).click()
  await bo.page.getByRole('button', { name: 'Delete branch' }).click()
  await bo.page.waitForURL(`${server.url}/`)
  const left = await server.api<{ branches: BranchSummary[] }>(
    boToken,
    `/api/models/${modelId}/branches`,
  )
  expect(left.branches).toEqual([])

  // A merge confirmed before the deletion, applied after it: refused, said so, nothing changed.
  const draftBefore = await server.api<Draft>(anaToken, `/api/models/${modelId}`)
  await ana.page.goto(`${server.url}/models/${modelId}?merge=firmo`)
  const failed = ana.page.locator('[data-merge-state="failed"]')
  await failed.waitFor()
  expect(await failed.innerText()).toContain('Branch “firmo” was not merged')
  expect(await server.api<Draft>(anaToken, `/api/models/${modelId}`)).toEqual(draftBefore)
  const audit = await server.api<AuditList>(anaToken, `/api/audit?modelId=${modelId}`)
  expect(audit.entries.map((e) => e.action)).not.toContain('branch.merged')
})
