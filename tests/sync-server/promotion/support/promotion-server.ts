import type { Identity } from '../../../../shared/identity-schema.ts'
import type { ServerOptions } from '../../../../sync-server/start-server.ts'
import type { ResponseBody } from '../../support/http-client.ts'
import { startTestServer, type TestServer, type UserKey } from '../../support/test-server.ts'

/** A second release manager: four-eyes approval needs two. */
export const SECOND_RELEASE_MANAGER = {
  id: 'remy',
  name: 'Remy Release',
  role: 'release-manager',
} as const satisfies Identity

export type Who = UserKey | 'releaseManager2'

export interface PromotionServer extends TestServer {
  tokenOf(who: Who): string
}

/** A real server on a temp data directory, with tokens for every role and two release managers. */
export async function startPromotionServer(
  options: Partial<ServerOptions> = {},
): Promise<PromotionServer> {
  const server = await startTestServer(options)
  const second = await server.mintToken(SECOND_RELEASE_MANAGER)
  return {
    ...server,
    tokenOf: (who) => (who === 'releaseManager2' ? second : server.tokens[who]),
  }
}

export interface Answer {
  status: number
  headers: Headers
  body: ResponseBody
}

/** One HTTP call: JSON in (unless `raw`), JSON or text out. */
export async function call(
  server: { url: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined = options.raw
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body })
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text !== '' ? JSON.parse(text) : text,
  }
}

/** Takes a snapshot of the model's draft as the analyst; returns its id. */
export async function takeSnapshot(
  server: PromotionServer,
  modelId: string,
  label = 'release',
): Promise<string> {
  const answer = await call(server, 'POST', `/api/models/${modelId}/snapshots`, {
    token: server.tokenOf('analyst'),
    body: { label },
  })
  if (answer.status !== 201)
    throw new Error(`snapshot failed: ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body.id as string
}

/** Imports a model as a new draft (analyst) and snapshots it; returns the snapshot id. */
export async function importAndSnapshot(server: PromotionServer, model: unknown): Promise<string> {
  const created = await call(server, 'POST', '/api/models', {
    token: server.tokenOf('analyst'),
    body: model,
  })
  if (created.status !== 201)
    throw new Error(`import failed: ${created.status} ${JSON.stringify(created.body)}`)
  return takeSnapshot(server, (model as { id: string }).id)
}

/** Requests the promotion of a snapshot; returns the answer. */
export function requestPromotion(
  server: PromotionServer,
  who: Who,
  modelId: string,
  snapshotId: string,
): Promise<Answer> {
  return call(server, 'POST', `/api/models/${modelId}/promotions`, {
    token: server.tokenOf(who),
    body: { snapshotId },
  })
}

/** Approves a request; returns the answer. */
export function approve(server: PromotionServer, who: Who, requestId: string): Promise<Answer> {
  return call(server, 'POST', `/api/promotions/${requestId}/approve`, {
    token: server.tokenOf(who),
  })
}

/** Requests (first release manager) and approves (second) a snapshot's promotion; returns the production record. */
export async function promote(
  server: PromotionServer,
  modelId: string,
  snapshotId: string,
): Promise<ResponseBody> {
  const requested = await requestPromotion(server, 'releaseManager', modelId, snapshotId)
  if (requested.status !== 201)
    throw new Error(`request failed: ${requested.status} ${JSON.stringify(requested.body)}`)
  const approved = await approve(server, 'releaseManager2', requested.body.id)
  if (approved.status !== 200)
    throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`)
  return approved.body
}
