import type { ProblemCode } from './problem-codes.ts'

/** An expected failure of a domain operation, as data: the edge chooses its status. */
export interface Failure {
  ok: false
  code: ProblemCode
  detail: string
  extra?: Record<string, unknown>
}

/** What a domain operation returns: its value, or why it did nothing. */
export type Outcome<T> = { ok: true; value: T } | Failure

export function success<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}

export function failure(
  code: ProblemCode,
  detail: string,
  extra?: Record<string, unknown>,
): Failure {
  return extra === undefined ? { ok: false, code, detail } : { ok: false, code, detail, extra }
}
