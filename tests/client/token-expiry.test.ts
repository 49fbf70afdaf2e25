import '../../client/components/sp-app.ts'
import { TOKEN_STORAGE_KEY, readStoredToken, storeToken } from '../../client/auth/token-store.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'
import { settle, waitFor } from './support/wait-for.ts'

// A JWT-shaped token; the app never verifies it itself (the server does).
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'

describe('a token that expires while the socket is open', () => {
  afterEach(() => {
    cleanup()
    localStorage.removeItem(TOKEN_STORAGE_KEY)
  })

  it('the server’s close 4401 leads back to sign-in, saying the edits are kept', async () => {
    storeToken(TOKEN)
    const app = mount(document.createElement('sp-app'))
    await settle(app)
    assert(document.querySelector('sp-sign-in') === null, 'signed in with the stored token')

    const main = app.querySelector('main')
    assert(main, 'the app renders its main area')
    main.dispatchEvent(
      new CustomEvent('sp-socket-closed', { bubbles: true, detail: { code: 4401 } }),
    )
    await waitFor(() => document.querySelector('sp-sign-in') !== null, 'the sign-in page')
    const signIn = document.querySelector('sp-sign-in')!
    await settle(signIn as unknown as { updateComplete: Promise<unknown> })
    assert(signIn.textContent?.includes('expired'), 'it says the sign-in expired')
    assert(signIn.textContent?.includes('kept in this browser'), 'it says the edits are kept')
    assertEqual(readStoredToken(), null, 'the expired token is forgotten')
  })
})
