/** Where the sign-in token is kept: one per origin, so every tab and a restarted browser reuse it. */
export const TOKEN_STORAGE_KEY = 'scoring-playground:token'

/** What the URL fragment held: no token, a token, or a `token=` value that cannot be one. */
export type FragmentToken =
  { kind: 'none' } | { kind: 'token'; token: string } | { kind: 'invalid' }

/** A JWT: three base64url parts separated by dots (the server checks the rest). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

/**
 * Takes a token from the URL fragment (`#token=<jwt>`, the form of the link `npm start` prints and
 * of invite links), stores it and removes it from the address bar so it is neither bookmarked nor
 * shared by accident. A value that is not a token (empty, cut off, mangled by a mail client) is
 * removed too but not stored, and reported as `invalid` so the page can say so.
 */
export function takeTokenFromLocation(location: Location, history: History): FragmentToken {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''))
  if (!params.has('token')) return { kind: 'none' }
  const token = params.get('token')?.trim() ?? ''
  const valid = JWT_SHAPE.test(token)
  if (valid) storeToken(token)
  params.delete('token')
  const rest = params.toString()
  history.replaceState(
    history.state,
    '',
    `${location.pathname}${location.search}${rest === '' ? '' : `#${rest}`}`,
  )
  return valid ? { kind: 'token', token } : { kind: 'invalid' }
}

/** The stored token, or null when there is none or storage is unavailable. */
export function readStoredToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_STORAGE_KEY)
  } catch {
    // Storage can be disabled by the browser; the page then asks for a token instead.
    return null
  }
}

/** Stores a token; false when storage refused it (the token then lasts for this page only). */
export function storeToken(token: string): boolean {
  try {
    localStorage.setItem(TOKEN_STORAGE_KEY, token)
    return true
  } catch {
    return false
  }
}

/** Forgets the stored token (sign out, or a token the server rejected). */
export function clearToken(): void {
  try {
    localStorage.removeItem(TOKEN_STORAGE_KEY)
  } catch {
    // Nothing stored can be cleared when storage is unavailable.
  }
}

/** Extracts a token from what a user pasted: the token itself or a sign-in link holding one. */
export function tokenFromPaste(text: string): string | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  const hash = trimmed.indexOf('#')
  if (hash >= 0) {
    const token = new URLSearchParams(trimmed.slice(hash + 1)).get('token')?.trim()
    return token ? token : null
  }
  return /^[A-Za-z0-9_\-.]+$/.test(trimmed) ? trimmed : null
}

/** The `exp` of a JWT as epoch ms, read without verifying (the server verifies); null when absent. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1]
  if (payload === undefined) return null
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/')) as string
    const exp = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp * 1000 : null
  } catch {
    return null
  }
}
