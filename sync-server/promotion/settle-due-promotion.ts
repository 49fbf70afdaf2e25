import { validateModel } from '../../engine/validate-model.ts'
import { success, type Outcome } from '../../shared/outcome.ts'
import type { UserRef } from '../../shared/api-common-schemas.ts'
import type { SuspensionReason } from '../../shared/promotion-api-schemas.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { StoreTransaction } from '../store/store.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'

/** The actor of what the server does by itself at a request's due time. */
export const SCHEDULER: UserRef = { id: 'system:scheduler', name: 'Scheduled promotion' }

/** How a due request ended: promoted to `version`, or suspended for `reason`. */
export type DueSettlement =
  | { status: 'promoted'; request: PromotionRequest; version: ProductionVersion }
  | { status: 'suspended'; request: PromotionRequest; reason: SuspensionReason; detail: string }

/**
 * Promotes a scheduled request that is due, re-checked as if approved now: its snapshot's content
 * still hashes to the approved hash, validates without an error (model tests included) and
 * production is still at the version it was based on; otherwise it is `suspended` with the reason.
 * One transaction holds the model's lock and moves the request out of `scheduled` only while it is
 * still there, so with any number of instances checking at once exactly one settles it; the
 * others get null (already settled, or not due).
 */
export async function settleDuePromotion(
  { store, workflow }: Pick<WorkflowContext, 'store' | 'workflow'>,
  requestId: string,
): Promise<Outcome<DueSettlement | null>> {
  const unlocked = await store.promotions.get(requestId)
  if (unlocked === null || unlocked.status !== 'scheduled') return success(null)
  // Read before the transaction: only the dataset's field names, for validation's warnings.
  const { fields } = await workflow.reference.forModel(unlocked.modelId)
  return workflow.commit<DueSettlement | null>(async (tx, record) => {
    await tx.lockModel(unlocked.modelId)
    // Read again under the lock: another instance may have settled or cancelled it meanwhile.
    const request = await tx.promotions.get(requestId)
    const at = workflow.options.now()
    if (request?.status !== 'scheduled' || request.scheduledFor === null) return success(null)
    if (request.scheduledFor > at) return success(null)
    const check = await recheck(tx, request, fields)
    if (!check.ok) {
      const settled = await tx.promotions.settle(request.id, 'scheduled', {
        status: 'suspended',
        at,
        by: SCHEDULER,
        reason: check.reason,
        version: null,
      })
      if (!settled) throw new Error(`promotion request ${request.id} was settled concurrently`)
      await record({
        at,
        actor: SCHEDULER,
        action: WORKFLOW_EVENTS.suspended,
        modelId: request.modelId,
        details: {
          requestId: request.id,
          snapshotId: request.snapshotId,
          hash: request.hash,
          reason: check.reason,
          detail: check.detail,
          ...check.extra,
        },
      })
      return success({
        status: 'suspended',
        request: { ...request, status: 'suspended', settledAt: at, settledBy: SCHEDULER },
        reason: check.reason,
        detail: check.detail,
      })
    }
    // The approver's decision is what takes effect: production names them, as for an approval.
    const by = request.decidedBy ?? SCHEDULER
    const version: ProductionVersion = {
      modelId: request.modelId,
      version: request.basedOnVersion + 1,
      snapshotId: request.snapshotId,
      hash: request.hash,
      kind: 'promotion',
      requestId: request.id,
      rolledBackTo: null,
      promotedAt: at,
      promotedBy: by,
    }
    await tx.production.insert(version)
    const settled = await tx.promotions.settle(request.id, 'scheduled', {
      status: 'promoted',
      at,
      by: SCHEDULER,
      reason: null,
      version: version.version,
    })
    if (!settled) throw new Error(`promotion request ${request.id} was settled concurrently`)
    await record({
      at,
      actor: SCHEDULER,
      action: WORKFLOW_EVENTS.promoted,
      modelId: request.modelId,
      details: {
        requestId: request.id,
        snapshotId: request.snapshotId,
        hash: request.hash,
        version: version.version,
        previousVersion: request.basedOnVersion,
        approvedBy: by.id,
        scheduledFor: new Date(request.scheduledFor).toISOString(),
      },
    })
    return success({
      status: 'promoted',
      request: {
        ...request,
        status: 'promoted',
        version: version.version,
        settledAt: at,
        settledBy: SCHEDULER,
      },
      version,
    })
  })
}

type Recheck =
  | { ok: true }
  | { ok: false; reason: SuspensionReason; detail: string; extra: Record<string, unknown> }

/** The checks of an approval, made at the due time, in the order a release manager would. */
async function recheck(
  tx: StoreTransaction,
  request: PromotionRequest,
  datasetFields: readonly string[],
): Promise<Recheck> {
  const snapshot = await tx.snapshots.get(request.modelId, request.snapshotId)
  if (snapshot === null) {
    return {
      ok: false,
      reason: 'snapshot-missing',
      detail: `Snapshot "${request.snapshotId}" is gone.`,
      extra: {},
    }
  }
  const mismatch = verifySnapshotHash(snapshot, request.hash)
  if (mismatch !== null) {
    return { ok: false, reason: 'hash-mismatch', detail: mismatch.detail, extra: {} }
  }
  const validation = validateModel(snapshot.model, { datasetFields })
  const errors = validation.findings.filter((f) => f.severity === 'error')
  if (errors.length > 0) {
    return {
      ok: false,
      reason: 'findings',
      detail: `The snapshot no longer passes validation: ${errors.map((f) => f.message).join('; ')}`,
      extra: { findings: errors },
    }
  }
  const current = (await tx.production.current(request.modelId))?.version ?? 0
  if (current !== request.basedOnVersion) {
    return {
      ok: false,
      reason: 'production-moved',
      detail: `Production moved to version ${current} since the request (based on version ${request.basedOnVersion}).`,
      extra: { basedOnVersion: request.basedOnVersion, currentVersion: current },
    }
  }
  return { ok: true }
}
