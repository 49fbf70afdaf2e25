import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { describeFailure } from '../api/api-result.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { fetchMe } from '../api/fetch-me.ts'
import { cacheIdentity, readCachedIdentity } from '../auth/identity-cache.ts'
import {
  clearToken,
  readStoredToken,
  storeToken,
  takeTokenFromLocation,
} from '../auth/token-store.ts'

/**
 * Where sign-in stands. `unverified` is a stored token the server could not be asked about
 * (offline, server down): the app keeps working from local data and checks again when the
 * network returns. `expired` is a token the server refused (401).
 */
export type AuthState =
  | { status: 'signed-out' }
  | { status: 'checking'; token: string }
  | { status: 'signed-in'; token: string; identity: Identity }
  | { status: 'unverified'; token: string; identity: Identity | null; message: string }
  | { status: 'expired'; message: string }

/** The sync server's close code for a token that expired while the socket was open. */
export const TOKEN_EXPIRED_CLOSE_CODE = 4401

/** Owns the sign-in token: takes it from the URL fragment or storage and checks it with GET /api/me. */
export class AuthController implements ReactiveController {
  state: AuthState = { status: 'signed-out' }
  /** The sign-in link held a `#token=` that is not a token: said once, beside whatever follows. */
  linkProblem: string | null = null

  private check = 0
  private lastCheck = 0
  private readonly onOnline = () => {
    if (this.state.status === 'unverified') void this.verify(this.state.token)
  }

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** The token to use for API calls and the socket, whatever its verification state. */
  get token(): string | null {
    return 'token' in this.state ? this.state.token : null
  }

  get identity(): Identity | null {
    return 'identity' in this.state ? this.state.identity : null
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline)
    const fromLink = takeTokenFromLocation(location, history)
    if (fromLink.kind === 'invalid') {
      this.linkProblem =
        'The sign-in link you opened holds no valid token (it may have been cut off or changed ' +
        'on the way). Ask for a new link, or paste the whole link or token below.'
    }
    const token = fromLink.kind === 'token' ? fromLink.token : readStoredToken()
    if (token !== null) void this.verify(token)
    else this.host.requestUpdate()
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline)
  }

  /** Signs in with a token the user pasted. */
  async signIn(token: string): Promise<void> {
    this.linkProblem = null
    storeToken(token)
    await this.verify(token)
  }

  /**
   * Asks the server again whether the token is good, at most every 15 s: the socket only says its
   * connection was refused, not why, and an expired token must lead back to sign-in.
   */
  recheck(): void {
    const token = this.token
    if (token === null || !navigator.onLine || Date.now() - this.lastCheck < 15_000) return
    void this.verify(token, { quiet: true })
  }

  /**
   * The server answered on another channel (the socket synced): a token left unverified while the
   * server could not be reached is checked now, since the browser may never fire `online` (it
   * never thought it was offline) and the notice would otherwise stay beside a live connection.
   */
  serverReached(): void {
    if (this.state.status === 'unverified') void this.verify(this.state.token, { quiet: true })
  }

  /**
   * The server closed the socket because the token expired (close 4401): sign in again. The open
   * doc's edits are in IndexedDB already and sync once a new token reconnects the editor.
   */
  tokenExpired(): void {
    clearToken()
    this.set({
      status: 'expired',
      message:
        'Your sign-in has expired. Sign in again: your edits are kept in this browser and sync once you are back.',
    })
  }

  signOut(): void {
    clearToken()
    this.set({ status: 'signed-out' })
  }

  private async verify(token: string, { quiet = false } = {}): Promise<void> {
    const check = ++this.check
    this.lastCheck = Date.now()
    const cached = readCachedIdentity(token)
    // With a confirmed identity cached, render at once (offline-first) and confirm in the background.
    if (!quiet) {
      this.set(
        cached
          ? { status: 'unverified', token, identity: cached, message: 'Checking your sign-in…' }
          : { status: 'checking', token },
      )
    }
    const result = await fetchMe(token)
    if (check !== this.check) return
    if (result.ok) {
      cacheIdentity(token, result.data)
      this.set({ status: 'signed-in', token, identity: result.data })
    } else if (result.kind === 'unauthorized') {
      clearToken()
      this.set({ status: 'expired', message: describeFailure(result) })
    } else {
      this.set({ status: 'unverified', token, identity: cached, message: describeFailure(result) })
    }
  }

  private set(state: AuthState): void {
    this.state = state
    this.host.requestUpdate()
  }
}
