import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import '../../client/components/sp-sync-status.ts'
import type { SpSyncStatus } from '../../client/components/sp-sync-status.ts'
import { assertEqual } from './support/assert.ts'
import { cleanup, mount, uniqueId } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { relayUrl } from './support/relay-url.ts'
import { settle, waitFor } from './support/wait-for.ts'

const providers: WebsocketProvider[] = []

async function mountStatus(provider: WebsocketProvider | null): Promise<SpSyncStatus> {
  const status = mount(document.createElement('sp-sync-status'))
  status.provider = provider
  await settle(status)
  return status
}

describe('sp-sync-status', () => {
  afterEach(() => {
    cleanup()
    for (const p of providers.splice(0)) p.destroy()
    // Leave the page online for the next test.
    window.dispatchEvent(new Event('online'))
  })

  it('is online once the socket is synced, and follows the browser offline and back', async () => {
    const provider = new WebsocketProvider(await relayUrl(), uniqueId('status'), new Y.Doc(), {
      disableBc: true,
    })
    providers.push(provider)
    const status = await mountStatus(provider)
    await waitFor(() => status.dataset.syncState === 'online', 'online')

    window.dispatchEvent(new Event('offline'))
    await settle(status)
    assertEqual(status.dataset.syncState, 'offline', 'after the offline event')
    // Offline means offline: the socket is closed, so nothing leaves while the status says so.
    await waitFor(() => !provider.wsconnected && !provider.wsconnecting, 'socket closed')

    window.dispatchEvent(new Event('online'))
    await waitFor(() => status.dataset.syncState === 'online', 'online after the online event')
    assertEqual(provider.wsconnected, true, 'socket open again')
  })

  it('shows connecting while the socket is not connected, then online', async () => {
    const provider = new WebsocketProvider(await relayUrl(), uniqueId('status'), new Y.Doc(), {
      connect: false,
      disableBc: true,
    })
    providers.push(provider)
    const status = await mountStatus(provider)
    assertEqual(status.dataset.syncState, 'connecting', 'before connecting')
    provider.connect()
    await waitFor(() => status.dataset.syncState === 'online', 'online after connecting')
    provider.disconnect()
    await waitFor(() => status.dataset.syncState === 'connecting', 'connecting after disconnect')
  })

  it('tells a viewer that their changes are not shared, online or not', async () => {
    const provider = new WebsocketProvider(await relayUrl(), uniqueId('status'), new Y.Doc(), {
      disableBc: true,
    })
    providers.push(provider)
    const status = mount(document.createElement('sp-sync-status'))
    status.readonly = true
    const states: string[] = []
    status.addEventListener('sp-sync-state', (e) => states.push(e.detail.state))
    status.provider = provider
    await waitFor(() => status.dataset.syncState === 'online', 'online')
    const text = status.textContent ?? ''
    assertEqual(text.includes('read-only'), true, `says read-only: ${text}`)
    assertEqual(
      text.includes('edits are shared'),
      false,
      `does not claim edits are shared: ${text}`,
    )
    assertEqual(states.at(-1), 'online', 'announces the state it reached')
    window.dispatchEvent(new Event('offline'))
    await settle(status)
    assertEqual(status.textContent?.includes('read-only'), true, 'still read-only offline')
  })

  it('is offline without a socket', async () => {
    const status = await mountStatus(null)
    assertEqual(status.dataset.syncState, 'offline', 'no provider')
  })
})
