import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { checkPending, findLockedPromotion, findSnapshot } from './find-workflow-records.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/** What an approval did: promoted at once, or scheduled for the request's due time. */
export type Approval =
  | { kind: 'promoted'; version: ProductionVersion; snapshot: Snapshot }
  | { kind: 'scheduled'; request: PromotionRequest }

/**
 * Four-eyes approval: a release manager who did not make the request (else `self-approval`)
 * promotes its snapshot. In one transaction holding the model's lock, the production version is
 * checked against the one the request was based on (moved since → `stale-request`, nothing
 * changes), the next version is appended, the request is decided and the audit log and webhook
 * outbox get their entries: of two concurrent approvals based on one version, on any instances,
 * exactly one succeeds. A request whose `scheduledFor` lies ahead is `scheduled` instead: the
 * same checks run again when it is due.
 */
export function approvePromotion(
  { workflow }: WorkflowContext,
  requestId: string,
  identity: Identity,
): Promise<Outcome<Approval>> {
  return workflow.commit<Approval>(async (tx, record) => {
    const locked = await findLockedPromotion(tx, requestId)
    if (!locked.ok) return locked
    const request = locked.value
    if (request.requestedBy.id === identity.id) {
      return failure(
        PROBLEM_CODES.selfApproval,
        'A promotion needs a second release manager: you cannot approve your own request.',
      )
    }
    const notPending = checkPending(request)
    if (notPending !== null) return notPending
    const currentVersion = (await tx.production.current(request.modelId))?.version ?? 0
    if (currentVersion !== request.basedOnVersion) {
      return failure(
        PROBLEM_CODES.staleRequest,
        `Production moved to version ${currentVersion} since this request (based on version ${request.basedOnVersion}); request the promotion again to see its impact against the current model.`,
        { basedOnVersion: request.basedOnVersion, currentVersion },
      )
    }
    const snapshot = await findSnapshot(tx, request.modelId, request.snapshotId)
    if (!snapshot.ok) return snapshot
    const mismatch = verifySnapshotHash(snapshot.value, request.hash)
    if (mismatch !== null) return mismatch
    const at = workflow.options.now()
    const by = { id: identity.id, name: identity.name }
    const details = { requestId: request.id, snapshotId: snapshot.value.id, hash: request.hash }
    if (request.scheduledFor !== null && request.scheduledFor > at) {
      const decision = { status: 'scheduled', at, by, reason: null, version: null } as const
      if (!(await tx.promotions.decide(request.id, decision))) {
        throw new Error(`promotion request ${request.id} was decided concurrently`)
      }
      const scheduledFor = new Date(request.scheduledFor).toISOString()
      await record({
        at,
        actor: by,
        action: WORKFLOW_EVENTS.scheduled,
        modelId: request.modelId,
        details: { ...details, requestedBy: request.requestedBy.id, scheduledFor },
      })
      return success({
        kind: 'scheduled',
        request: { ...request, status: 'scheduled', decidedAt: at, decidedBy: by },
      })
    }
    const version: ProductionVersion = {
      modelId: request.modelId,
      version: currentVersion + 1,
      snapshotId: snapshot.value.id,
      hash: request.hash,
      kind: 'promotion',
      requestId: request.id,
      rolledBackTo: null,
      promotedAt: at,
      promotedBy: by,
    }
    await tx.production.insert(version)
    const decided = await tx.promotions.decide(request.id, {
      status: 'approved',
      at,
      by,
      reason: null,
      version: version.version,
    })
    if (!decided) throw new Error(`promotion request ${request.id} was decided concurrently`)
    await record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.approved,
      modelId: request.modelId,
      details: { ...details, requestedBy: request.requestedBy.id },
    })
    await record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.promoted,
      modelId: request.modelId,
      details: { ...details, version: version.version, previousVersion: currentVersion },
    })
    return success({ kind: 'promoted', version, snapshot: snapshot.value })
  })
}
