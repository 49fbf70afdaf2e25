import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'
import type { Logger } from '../log/create-logger.ts'

/** Stable `code`s of problem responses; clients and tests rely on them. */
export const PROBLEM_CODES = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  badJson: 'bad-json',
  invalidRequest: 'invalid-request',
  invalidModel: 'invalid-model',
  modelExists: 'model-exists',
  modelNotFound: 'model-not-found',
  snapshotNotFound: 'snapshot-not-found',
  draftNotAModel: 'draft-not-a-model',
  payloadTooLarge: 'payload-too-large',
  internal: 'internal',
  // Promotion, production, scoring, datasets and webhooks.
  selfApproval: 'self-approval',
  staleRequest: 'stale-request',
  requestNotPending: 'request-not-pending',
  promotionNotFound: 'promotion-not-found',
  snapshotHashMismatch: 'snapshot-hash-mismatch',
  notInProduction: 'not-in-production',
  versionNotFound: 'version-not-found',
  notAnEarlierVersion: 'not-an-earlier-version',
  batchTooLarge: 'batch-too-large',
  rateLimited: 'rate-limited',
  datasetNotFound: 'dataset-not-found',
  invalidCsv: 'invalid-csv',
  unsupportedMediaType: 'unsupported-media-type',
  webhookNotFound: 'webhook-not-found',
  webhookTargetRefused: 'webhook-target-refused',
  // The browser app.
  appNotBuilt: 'app-not-built',
} as const
export type ProblemCode = (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES]

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
