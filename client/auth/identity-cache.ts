import type { Identity } from '../../shared/identity-schema.ts'

const KEY = 'scoring-playground:identity'

/** The identity the server last confirmed for the stored token, for working offline. */
export function readCachedIdentity(token: string): Identity | null {
  try {
    const cached = JSON.parse(localStorage.getItem(KEY) ?? 'null') as {
      token?: unknown
      identity?: Identity
    } | null
    return cached !== null && cached.token === token && cached.identity ? cached.identity : null
  } catch {
    // Unreadable cache: the identity is confirmed again when the server answers.
    return null
  }
}

/** Remembers the identity the server confirmed for a token. */
export function cacheIdentity(token: string, identity: Identity): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ token, identity }))
  } catch {
    // Storage unavailable: offline sessions then show no name until the server answers.
  }
}
