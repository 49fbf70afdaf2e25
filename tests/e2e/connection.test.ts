import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectClient, type SyncClient } from '../sync-server/support/sync-client.ts'
import { waitFor } from '../sync-server/support/wait-for.ts'
import { startAppServer, USERS, type AppServer } from './support/app-server.ts'
import { launchBrowser, VIEWPORT } from './support/browser.ts'
import {
  createModel,
  FACTOR_IDS,
  openEditor,
  syncState,
  waitForSyncState,
  weightInput,
} from './support/editor.ts'
import { openNetworkLink, type NetworkLink } from './support/network-link.ts'

let server: AppServer
let browser: Browser
let link: NetworkLink
let observer: SyncClient | null = null

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startAppServer(), launchBrowser()])
  link = await openNetworkLink(Number(new URL(server.url).port))
})

afterAll(async () => {
  observer?.destroy()
  await browser?.close()
  await link?.close()
  await server?.stop()
})

/** The user ids present in a stock client's awareness, as the server relays it. */
function presentUsers(client: SyncClient): string[] {
  return [...client.provider.awareness.getStates().values()]
    .map((state) => (state as { user?: { id?: string } }).user?.id)
    .filter((id): id is string => typeof id === 'string')
}

test('a peer whose network drops leaves everyone’s presence within seconds, and returns with it', async () => {
  const [anaToken, boToken] = await Promise.all([
    server.tokenFor(USERS.ana),
    server.tokenFor(USERS.bo),
  ])
  await createModel(server, anaToken, 'presence')
  const boContext = await browser.newContext({ viewport: VIEWPORT })
  const ana = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  const bo = await boContext.newPage()
  // Bo reaches the server through a link that can lose the network.
  await bo.goto(`${link.url}/models/presence#token=${boToken}`)
  await openEditor(ana, server, 'presence', anaToken)
  await Promise.all([waitForSyncState(ana, 'online'), waitForSyncState(bo, 'online')])
  await ana.locator('[data-presence-user="bo"]').waitFor({ timeout: 5000 })
  // A stock client watches what the server relays: the judge of presence, not Ana's screen.
  observer = connectClient(server.url.replace('http', 'ws') + '/sync', 'presence', anaToken)
  await observer.synced()
  await waitFor('bo in the relayed presence', () => presentUsers(observer!).includes('bo'))
  // Bo focuses a weight just before the drop: the server's copy of Bo's presence is fresh, so
  // its 30 s awareness timeout cannot be what removes it within the bound below.
  await weightInput(bo, FACTOR_IDS[0]!).focus()
  await waitFor('bo’s focus in the relayed presence', () =>
    [...observer!.provider.awareness.getStates().values()].some(
      (s) => (s as { user?: { id?: string }; focus?: unknown }).user?.id === 'bo' && !!s.focus,
    ),
  )

  // Bo's network drops: no close frame reaches the server, and pings go unanswered. The stock
  // client would drop a silent peer only after its 30 s awareness timeout.
  const dropped = Date.now()
  link.cut()
  await boContext.setOffline(true)
  await waitForSyncState(bo, 'offline')
  await waitFor(
    'bo to leave the relayed presence',
    () => !presentUsers(observer!).includes('bo'),
    25_000,
  )
  expect(Date.now() - dropped).toBeLessThan(20_000)
  expect(presentUsers(observer)).toContain('ana')
  await ana.locator('[data-presence-user="bo"]').waitFor({ state: 'detached', timeout: 5000 })

  link.restore()
  await boContext.setOffline(false)
  await waitForSyncState(bo, 'online')
  await waitFor('bo back in the relayed presence', () => presentUsers(observer!).includes('bo'))
  await ana.locator('[data-presence-user="bo"]').waitFor({ timeout: 5000 })
})

test('a notice that the server could not be reached goes once the socket is back online', async () => {
  const boToken = await server.tokenFor(USERS.bo)
  await createModel(server, boToken, 'unreachable')
  const bo = await (await browser.newContext({ viewport: VIEWPORT })).newPage()
  await bo.goto(`${link.url}/models/unreachable#token=${boToken}`)
  await waitForSyncState(bo, 'online')
  await bo.evaluate(async () => {
    await navigator.serviceWorker.ready
  })

  // The server goes away (the browser still thinks it is online) and the page is reloaded: it
  // opens from the cached shell and this browser's copy, and says the server cannot be reached.
  link.refuse()
  await bo.reload()
  await bo.locator('[data-factor-id]').first().waitFor({ timeout: 10_000 })
  await bo.locator('[data-auth-state="unverified"]').waitFor({ timeout: 10_000 })

  // The server comes back: no `online` event fires, but the socket syncs, and then the sign-in
  // is confirmed too, so no stale notice stays beside "Online".
  link.restore()
  await waitForSyncState(bo, 'online', 15_000)
  await bo.locator('[data-auth-state]').waitFor({ state: 'detached', timeout: 5000 })
  await bo.locator('.whoami').waitFor()
  expect(await syncState(bo)).toBe('online')
})
