import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'

let server: AppServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('the docs page’s link to /api/openapi.json opens the document in the browser', async () => {
  const token = await server.tokenFor(USERS.ana)
  const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await page.goto(`${server.url}/api/docs#token=${token}`)
  await page.locator('#ops details').first().waitFor()
  await page.getByRole('link', { name: '/api/openapi.json' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/api/docs'))
  const opened = JSON.parse(await page.locator('body').innerText()) as {
    openapi: string
    paths: Record<string, unknown>
  }
  // The same document the server serves to a bearer of the token.
  const served = await server.api<typeof opened>(token, '/api/openapi.json')
  expect(opened.openapi).toMatch(/^3\.1/)
  expect(opened).toEqual(served)
})
