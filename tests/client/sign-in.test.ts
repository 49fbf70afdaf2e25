import '../../client/components/sp-app.ts'
import {
  TOKEN_STORAGE_KEY,
  readStoredToken,
  takeTokenFromLocation,
  tokenFromPaste,
} from '../../client/auth/token-store.ts'
import { assert, assertEqual } from './support/assert.ts'
import { cleanup, mount } from './support/fixtures.ts'
import { afterEach, beforeEach, describe, it } from './support/mocha.ts'
import { settle, waitFor } from './support/wait-for.ts'

// A JWT-shaped token; the app never verifies it itself (the server does).
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'

describe('sign-in', () => {
  const start = location.href
  beforeEach(() => localStorage.removeItem(TOKEN_STORAGE_KEY))
  afterEach(() => {
    cleanup()
    localStorage.removeItem(TOKEN_STORAGE_KEY)
    history.replaceState(null, '', start)
  })

  it('takes the token from the URL fragment, stores it and removes it from the address bar', () => {
    history.replaceState(
      null,
      '',
      `${location.pathname}${location.search}#token=${TOKEN}&tab=impact`,
    )
    assertEqual(takeTokenFromLocation(location, history).kind, 'token', 'a token')
    assertEqual(readStoredToken(), TOKEN, 'stored')
    assertEqual(location.hash, '#tab=impact', 'the rest of the fragment stays')
    assert(!location.href.includes(TOKEN), 'the token is gone from the address bar')
  })

  it('a #token= that is not a token is removed and said so, and a stored token stays', async () => {
    localStorage.setItem(TOKEN_STORAGE_KEY, TOKEN)
    for (const bad of ['', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIi', 'hello%20world']) {
      history.replaceState(null, '', `${location.pathname}${location.search}#token=${bad}`)
      assertEqual(takeTokenFromLocation(location, history).kind, 'invalid', `"${bad}" is no token`)
      assertEqual(location.hash, '', 'removed from the address bar')
      assertEqual(readStoredToken(), TOKEN, 'the stored token is kept, not overwritten')
    }
    localStorage.removeItem(TOKEN_STORAGE_KEY)
    history.replaceState(null, '', `${location.pathname}${location.search}#token=cut.off`)
    const app = mount(document.createElement('sp-app'))
    await settle(app)
    const problem = document.querySelector('[data-link-problem]')
    assert(problem?.textContent?.includes('holds no valid token'), 'the page says so')
    assert(document.querySelector('sp-sign-in'), 'and offers to sign in')
    assertEqual(readStoredToken(), null, 'nothing stored')
  })

  it('reads a pasted token or sign-in link, and nothing else', () => {
    assertEqual(tokenFromPaste(` ${TOKEN}\n`), TOKEN, 'a bare token')
    assertEqual(tokenFromPaste(`http://127.0.0.1:8787/#token=${TOKEN}`), TOKEN, 'a link')
    assertEqual(tokenFromPaste('hello world'), null, 'prose')
    assertEqual(tokenFromPaste('http://127.0.0.1:8787/#x=1'), null, 'a link without a token')
  })

  it('without a token the app explains how to get one and accepts a pasted link', async () => {
    const app = mount(document.createElement('sp-app'))
    await settle(app)
    const signIn = document.querySelector('sp-sign-in')
    assert(signIn, 'the sign-in page is shown')
    assert(signIn.textContent?.includes('npx scoring token'), 'it says how to mint a token')
    assert(signIn.textContent?.includes('npm start'), 'it mentions the link npm start prints')

    const field = signIn.querySelector<HTMLTextAreaElement>('textarea[name="token"]')
    const submit = signIn.querySelector<HTMLButtonElement>('button')
    assert(field && submit, 'a labelled field and a button')
    assert(field.labels && field.labels.length > 0, 'the field is labelled')
    field.value = 'not a token at all'
    submit.click()
    await settle(signIn as unknown as { updateComplete: Promise<unknown> })
    assert(signIn.querySelector('[role="alert"]'), 'a bad paste is explained')
    assertEqual(readStoredToken(), null, 'nothing stored')

    field.value = `http://127.0.0.1:8787/#token=${TOKEN}`
    submit.click()
    await waitFor(() => document.querySelector('sp-sign-in') === null, 'the sign-in page to go')
    assertEqual(readStoredToken(), TOKEN, 'the token is stored for next time')
  })
})
