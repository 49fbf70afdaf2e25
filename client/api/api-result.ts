/** A problem body as the server sends it (RFC 9457 with a stable `code`). */
export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  code?: string
  [extra: string]: unknown
}

/**
 * The outcome of an API call, as a value: the server's answer, a problem it reported, or no answer
 * at all (offline, server down). `unauthorized` is split out because the UI reacts to it by asking
 * for a new token, while a network failure keeps the stored one.
 */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; kind: 'unauthorized'; problem: Problem }
  | { ok: false; kind: 'problem'; problem: Problem }
  | { ok: false; kind: 'network'; message: string }

/** A sentence for a failed result, for status lines and banners. */
export function describeFailure(result: Exclude<ApiResult<unknown>, { ok: true }>): string {
  if (result.kind === 'network') return `The server cannot be reached (${result.message}).`
  const { problem } = result
  return problem.detail ?? problem.title ?? `The server answered ${problem.status}.`
}
