import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import type { Failure, Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES, type ProblemCode } from '../../shared/problem-codes.ts'
import type { Logger } from '../log/create-logger.ts'

/** The one error class of the HTTP edge: becomes an RFC 9457 problem response with a stable code. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail)
    this.name = 'ProblemError'
  }
}

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

/** The status of each code a domain operation can fail with; the edge's choice, not the domain's. */
const STATUS_OF: Partial<Record<ProblemCode, ContentfulStatusCode>> = {
  [PROBLEM_CODES.modelNotFound]: 404,
  [PROBLEM_CODES.snapshotNotFound]: 404,
  [PROBLEM_CODES.branchNotFound]: 404,
  [PROBLEM_CODES.branchNameTaken]: 409,
  [PROBLEM_CODES.promotionNotFound]: 404,
  [PROBLEM_CODES.notInProduction]: 404,
  [PROBLEM_CODES.versionNotFound]: 404,
  [PROBLEM_CODES.datasetNotFound]: 404,
  [PROBLEM_CODES.webhookNotFound]: 404,
  [PROBLEM_CODES.selfApproval]: 403,
  [PROBLEM_CODES.forbidden]: 403,
  [PROBLEM_CODES.staleRequest]: 409,
  [PROBLEM_CODES.requestNotPending]: 409,
  [PROBLEM_CODES.notCancellable]: 409,
  [PROBLEM_CODES.snapshotHashMismatch]: 409,
  [PROBLEM_CODES.notAnEarlierVersion]: 409,
  [PROBLEM_CODES.modelExists]: 409,
  [PROBLEM_CODES.snapshotQuotaExceeded]: 409,
  [PROBLEM_CODES.datasetQuotaExceeded]: 409,
  [PROBLEM_CODES.datasetInUse]: 409,
  [PROBLEM_CODES.invalidModel]: 422,
  [PROBLEM_CODES.draftNotAModel]: 422,
  [PROBLEM_CODES.scheduledInPast]: 422,
}

/** The problem a domain failure is at the HTTP edge. */
export function problemOf(failure: Failure): ProblemError {
  return new ProblemError(
    STATUS_OF[failure.code] ?? 500,
    failure.code,
    failure.detail,
    failure.extra,
  )
}

/** The outcome's value; a failure is thrown as its problem (the app's onError renders it). */
export function orProblem<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw problemOf(outcome)
  return outcome.value
}

/** Renders a problem as `application/problem+json`. */
export function problemResponse(c: Context, problem: ProblemError): Response {
  const body = {
    type: 'about:blank',
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    code: problem.code,
    detail: problem.detail,
    ...problem.extra,
  }
  return c.body(JSON.stringify(body), problem.status, {
    'content-type': 'application/problem+json',
    ...problem.headers,
  })
}

/** The app's one `onError`: every failure becomes a problem response; only the unexpected are logged. */
export function createErrorHandler(log: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof ProblemError) return problemResponse(c, error)
    if (error instanceof z.ZodError) {
      const issues = error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        message: issue.message,
        code: issue.code,
      }))
      return problemResponse(
        c,
        new ProblemError(
          422,
          PROBLEM_CODES.invalidRequest,
          'The request does not have the expected shape.',
          {
            issues,
          },
        ),
      )
    }
    if (error instanceof HTTPException) {
      const code =
        error.status === 413 ? PROBLEM_CODES.payloadTooLarge : PROBLEM_CODES.invalidRequest
      return problemResponse(c, new ProblemError(error.status, code, error.message))
    }
    log.error('request failed', { method: c.req.method, path: c.req.path, error })
    return problemResponse(
      c,
      new ProblemError(500, PROBLEM_CODES.internal, 'The server failed to answer.'),
    )
  }
}
