import type { z } from 'zod'
import type { ApiResult, Problem } from './api-result.ts'

/**
 * Calls the server's HTTP API with the bearer token and turns every outcome into an ApiResult;
 * a successful answer is parsed with the shared `schema` of that endpoint, since an answer the
 * app cannot read must be reported, not rendered as whatever arrived.
 */
export async function apiFetch<S extends z.ZodType>(
  path: string,
  token: string,
  schema: S,
  init: ApiInit = {},
): Promise<ApiResult<z.infer<S>>> {
  const response = await send(path, token, init)
  if (!(response instanceof Response)) return response
  const body = await readBody(response)
  if (!response.ok) return failureOf(response, body)
  const parsed = schema.safeParse(body)
  if (parsed.success) return { ok: true, status: response.status, data: parsed.data }
  return {
    ok: false,
    kind: 'problem',
    problem: {
      status: response.status,
      code: 'unreadable-answer',
      detail: `The server sent an answer this app cannot read (${path}).`,
    },
  }
}

/** As `apiFetch`, for an endpoint whose successful answer is bytes (e.g. a Yjs update). */
export async function apiFetchBytes(
  path: string,
  token: string,
  init: ApiInit = {},
): Promise<ApiResult<Uint8Array>> {
  const response = await send(path, token, init)
  if (!(response instanceof Response)) return response
  if (!response.ok) return failureOf(response, await readBody(response))
  try {
    return { ok: true, status: response.status, data: new Uint8Array(await response.arrayBuffer()) }
  } catch (error) {
    return { ok: false, kind: 'network', message: messageOf(error) }
  }
}

interface ApiInit {
  method?: string
  body?: unknown
  signal?: AbortSignal
}

async function send(
  path: string,
  token: string,
  init: ApiInit,
): Promise<Response | { ok: false; kind: 'network'; message: string }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  try {
    return await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      cache: 'no-store',
    })
  } catch (error) {
    return { ok: false, kind: 'network', message: messageOf(error) }
  }
}

function failureOf(response: Response, body: unknown): Exclude<ApiResult<never>, { ok: true }> {
  const problem = toProblem(response, body)
  if (response.status === 401) return { ok: false, kind: 'unauthorized', problem }
  // A gateway or service worker answering for an unreachable server is no answer from the server.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    return { ok: false, kind: 'network', message: problem.detail ?? `HTTP ${response.status}` }
  }
  return { ok: false, kind: 'problem', problem }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '')
  if (text === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Not JSON (e.g. an HTML error page from a proxy): keep the text so the message can show it.
    return text
  }
}

function toProblem(response: Response, body: unknown): Problem {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    return { ...(body as Record<string, unknown>), status: response.status } as Problem
  }
  return {
    status: response.status,
    title: response.statusText,
    detail: typeof body === 'string' && body.length < 200 ? body : undefined,
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
