import { call, type Answer, type PromotionServer, type Who } from './promotion-server.ts'

/** Requests the promotion of a snapshot due at `dueAt` (epoch ms); returns the answer. */
export function requestScheduled(
  server: PromotionServer,
  who: Who,
  modelId: string,
  snapshotId: string,
  dueAt: number,
): Promise<Answer> {
  return call(server, 'POST', `/api/models/${modelId}/promotions`, {
    token: server.tokenOf(who),
    body: { snapshotId, scheduledFor: new Date(dueAt).toISOString() },
  })
}

/** Requests (first release manager) and approves (second) a promotion due at `dueAt`; returns the request id. */
export async function scheduleApproved(
  server: PromotionServer,
  modelId: string,
  snapshotId: string,
  dueAt: number,
): Promise<string> {
  const requested = await requestScheduled(server, 'releaseManager', modelId, snapshotId, dueAt)
  if (requested.status !== 201)
    throw new Error(`request failed: ${requested.status} ${JSON.stringify(requested.body)}`)
  const approved = await call(server, 'POST', `/api/promotions/${requested.body.id}/approve`, {
    token: server.tokenOf('releaseManager2'),
  })
  if (approved.status !== 202)
    throw new Error(`approval failed: ${approved.status} ${JSON.stringify(approved.body)}`)
  return requested.body.id as string
}

/** The request's status. */
export async function statusOf(server: PromotionServer, requestId: string): Promise<string> {
  const answer = await call(server, 'GET', `/api/promotions/${requestId}`, {
    token: server.tokenOf('viewer'),
  })
  return answer.body.status as string
}

/** The model's production version (0 before its first promotion). */
export async function productionVersion(server: PromotionServer, modelId: string): Promise<number> {
  const answer = await call(server, 'GET', `/api/production/${modelId}`, {
    token: server.tokenOf('viewer'),
  })
  return answer.status === 404 ? 0 : (answer.body.version as number)
}

/** The model's audit entries with one of `actions`, oldest first. */
export async function auditOf(
  server: PromotionServer,
  modelId: string,
  ...actions: string[]
): Promise<{ action: string; actor: { id: string }; details: Record<string, unknown> }[]> {
  const answer = await call(server, 'GET', `/api/audit?modelId=${modelId}&limit=1000`, {
    token: server.tokenOf('viewer'),
  })
  return answer.body.entries.filter((e: { action: string }) => actions.includes(e.action))
}
