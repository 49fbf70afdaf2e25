import type { MiddlewareHandler } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import { hasRole, type Role } from '../auth/identity.ts'
import type { AppEnv } from './app-env.ts'
import { PROBLEM_CODES, ProblemError } from './problem.ts'

/** Middleware: a valid `Authorization: Bearer` token (401) whose role includes `role` (403). */
export function requireRole(auth: Auth, role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null
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
    if (!hasRole(verified.identity.role, role)) {
      throw new ProblemError(
        403,
        PROBLEM_CODES.forbidden,
        `This needs the ${role} role; your token carries ${verified.identity.role}.`,
      )
    }
    c.set('identity', verified.identity)
    await next()
  }
}
