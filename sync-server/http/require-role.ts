import type { MiddlewareHandler } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import { hasRole, type Identity, type Role } from '../../shared/identity-schema.ts'
import type { AppEnv } from './app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from './problem.ts'

/** Middleware: a valid `Authorization: Bearer` token (401) whose role includes `role` (403). */
export function requireRole(auth: Auth, role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { identity } = await authenticate(auth, bearerTokenOf(c.req.header('authorization')))
    if (!hasRole(identity.role, role)) {
      throw new ProblemError(
        403,
        PROBLEM_CODES.forbidden,
        `This needs the ${role} role; your token carries ${identity.role}.`,
      )
    }
    c.set('identity', identity)
    await next()
  }
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerTokenOf(header: string | undefined): string | null {
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null
}

/** The identity a token carries and when it expires (epoch ms); a missing or bad token is a 401 problem. */
export async function authenticate(
  auth: Auth,
  token: string | null,
): Promise<{ identity: Identity; expiresAt: number }> {
  const verified = await auth.verifyToken(token)
  if (!verified.ok) {
    throw new ProblemError(
      401,
      PROBLEM_CODES.unauthorized,
      `Sign in again: ${verified.reason}.`,
      {},
      {
        'www-authenticate': 'Bearer',
      },
    )
  }
  return { identity: verified.identity, expiresAt: verified.expiresAt }
}
