import type { Identity } from '../../shared/identity-schema.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { requirePending, requirePromotion, requireSnapshot } from './require-found.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/**
 * Four-eyes approval: a release manager who did not make the request (else 403 `self-approval`)
 * promotes its snapshot. In one SQLite write transaction the production version is checked
 * against the one the request was based on (moved since → 409 `stale-request`, nothing changes),
 * the next version is appended, the request is decided and the audit log and webhook outbox get
 * their entries: of two concurrent approvals based on one version, exactly one succeeds.
 */
export function approvePromotion(
  ctx: WorkflowContext,
  requestId: string,
  identity: Identity,
): { version: ProductionVersion; snapshot: Snapshot } {
  const { store, workflow } = ctx
  return workflow.commit((record) => {
    const request = requirePromotion(ctx, requestId)
    if (request.requestedBy.id === identity.id) {
      throw new ProblemError(
        403,
        PROBLEM_CODES.selfApproval,
        'A promotion needs a second release manager: you cannot approve your own request.',
      )
    }
    requirePending(request)
    const currentVersion = store.production.current(request.modelId)?.version ?? 0
    if (currentVersion !== request.basedOnVersion) {
      throw new ProblemError(
        409,
        PROBLEM_CODES.staleRequest,
        `Production moved to version ${currentVersion} since this request (based on version ${request.basedOnVersion}); request the promotion again to see its impact against the current model.`,
        { basedOnVersion: request.basedOnVersion, currentVersion },
      )
    }
    const snapshot = requireSnapshot(ctx, request.modelId, request.snapshotId)
    verifySnapshotHash(snapshot, request.hash)
    const at = Date.now()
    const by = { id: identity.id, name: identity.name }
    const version: ProductionVersion = {
      modelId: request.modelId,
      version: currentVersion + 1,
      snapshotId: snapshot.id,
      hash: request.hash,
      kind: 'promotion',
      requestId: request.id,
      rolledBackTo: null,
      promotedAt: at,
      promotedBy: by,
    }
    store.production.insert(version)
    const decided = store.promotions.decide(request.id, {
      status: 'approved',
      at,
      by,
      reason: null,
      version: version.version,
    })
    if (!decided) throw new Error(`promotion request ${request.id} was decided concurrently`)
    const details = { requestId: request.id, snapshotId: snapshot.id, hash: request.hash }
    record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.approved,
      modelId: request.modelId,
      details: { ...details, requestedBy: request.requestedBy.id },
    })
    record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.promoted,
      modelId: request.modelId,
      details: { ...details, version: version.version, previousVersion: currentVersion },
    })
    return { version, snapshot }
  })
}
