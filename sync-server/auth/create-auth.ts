import { SignJWT, jwtVerify } from 'jose'
import { IdentitySchema, type Identity } from '../../shared/identity-schema.ts'

export type VerifyResult =
  | { ok: true; identity: Identity; /** The token's `exp`, epoch ms. */ expiresAt: number }
  | { ok: false; reason: string }

export interface Auth {
  /** Signs a token for `identity` that expires `ttlSeconds` from now. */
  mintToken(identity: Identity, ttlSeconds: number): Promise<string>
  /** Checks signature, expiry and claims; a bad token is a value, never an exception. */
  verifyToken(token: string | null | undefined): Promise<VerifyResult>
}

const ALGORITHM = 'HS256'

/** Token minting and checking with one HS256 key (JWT claims: sub, name, role, exp). */
export function createAuth(key: Uint8Array): Auth {
  return {
    async mintToken(identity, ttlSeconds) {
      return new SignJWT({ name: identity.name, role: identity.role })
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(identity.id)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key)
    },
    async verifyToken(token) {
      if (token === null || token === undefined || token === '') {
        return { ok: false, reason: 'no token' }
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          requiredClaims: ['sub', 'exp'],
        })
        const identity = IdentitySchema.safeParse({
          id: payload.sub,
          name: payload.name,
          role: payload.role,
        })
        if (!identity.success) return { ok: false, reason: 'the token lacks a valid name or role' }
        // requiredClaims made jose check that `exp` is a number.
        return { ok: true, identity: identity.data, expiresAt: (payload.exp as number) * 1000 }
      } catch (error) {
        return { ok: false, reason: describeJoseError(error) }
      }
    },
  }
}

function describeJoseError(error: unknown): string {
  const code = (error as { code?: unknown }).code
  if (code === 'ERR_JWT_EXPIRED') return 'the token has expired'
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature is not valid'
  return 'the token is not valid'
}
