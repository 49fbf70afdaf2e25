import { openModelSession, type ModelSession } from '../../client/doc/open-model-session.ts'
import { relayUrl } from './support/relay-url.ts'
import { assert, assertEqual } from './support/assert.ts'
import { uniqueId } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { waitFor } from './support/wait-for.ts'

describe('tabs of one browser profile', () => {
  const sessions: ModelSession[] = []
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.destroy()))
  })

  it('share nothing but through the server: no BroadcastChannel between sessions', async () => {
    // A viewer's tab and an analyst's tab of the same model; their edits must go through the
    // server, which drops a viewer's, never across the browser's BroadcastChannel.
    const modelId = uniqueId('bc')
    const syncUrl = await relayUrl()
    const viewer = openModelSession({ modelId, token: 'viewer', syncUrl, persist: false })
    const analyst = openModelSession({ modelId, token: 'analyst', syncUrl, persist: false })
    sessions.push(viewer, analyst)
    await waitFor(
      () => [viewer, analyst].every((s) => s.provider?.shouldConnect === true),
      'both sessions connecting',
    )
    assert(viewer.provider && analyst.provider, 'both sessions have a provider')
    assertEqual(viewer.provider.bcconnected, false, 'the viewer’s tab joins no BroadcastChannel')
    assertEqual(analyst.provider.bcconnected, false, 'the analyst’s tab joins no BroadcastChannel')

    // lib0 delivers to subscribers in the same page synchronously: had the edit crossed, it would be here.
    viewer.doc.getMap('notes').set('local', 'viewer edit')
    assertEqual(analyst.doc.getMap('notes').get('local'), undefined, 'the edit stayed in its tab')
  })
})
