import type { Auth, VerifyResult } from '../auth/create-auth.ts'

/** Verified tokens kept; past this the oldest is dropped. */
const CAPACITY = 1000

/**
 * Wraps `auth` so a token that verified is not verified again until it expires: checking an
 * HS256 signature costs more than a whole scoring request, and a consumer of the scoring API
 * sends the same token with every call. A token's verdict cannot change before its expiry (the
 * key is fixed while the server runs), so only failures and expired tokens are checked anew.
 */
export function cacheVerifiedTokens(auth: Auth, now: () => number = Date.now): Auth {
  const verified = new Map<string, { result: VerifyResult; expiresAt: number }>()
  return {
    mintToken: (identity, ttlSeconds) => auth.mintToken(identity, ttlSeconds),
    async verifyToken(token) {
      if (typeof token === 'string') {
        const hit = verified.get(token)
        if (hit !== undefined && now() < hit.expiresAt) return hit.result
        if (hit !== undefined) verified.delete(token)
      }
      const result = await auth.verifyToken(token)
      const expiresAt = typeof token === 'string' && result.ok ? expiryOf(token) : null
      if (expiresAt !== null) {
        verified.set(token as string, { result, expiresAt })
        if (verified.size > CAPACITY) verified.delete(verified.keys().next().value as string)
      }
      return result
    },
  }
}

/** The `exp` (as epoch ms) of a token that just verified, so its payload is trusted JSON. */
function expiryOf(token: string): number | null {
  const payload = token.split('.')[1]
  if (payload === undefined) return null
  const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown })
    .exp
  return typeof exp === 'number' ? exp * 1000 : null
}
