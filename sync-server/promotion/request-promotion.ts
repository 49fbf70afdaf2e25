import { randomUUID } from 'node:crypto'
import { validateModel } from '../../engine/validate-model.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import { computeImpact } from './compute-impact.ts'
import { requireModel, requireSnapshot } from './require-found.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

export interface PromotionInput {
  modelId: string
  snapshotId: string
  note: string | undefined
  identity: Identity
}

/**
 * Records a request to promote a snapshot: its exact content (checked against its hash) is
 * validated again with the engine (any error → 422 with the findings), and its impact against
 * the production model is computed on the model's reference dataset (none before the first
 * promotion). The request is based on the production version it was compared with.
 */
export function requestPromotion(ctx: WorkflowContext, input: PromotionInput): PromotionRequest {
  const { store, workflow } = ctx
  const { modelId, snapshotId, identity } = input
  requireModel(ctx, modelId)
  const snapshot = requireSnapshot(ctx, modelId, snapshotId)
  verifySnapshotHash(snapshot, snapshot.hash)
  const data = workflow.reference.forModel(modelId)
  const validation = validateModel(snapshot.model, { datasetFields: data.fields })
  if (!validation.ok) {
    throw new ProblemError(
      422,
      PROBLEM_CODES.invalidModel,
      'The snapshot does not pass validation; fix its errors and take a new snapshot.',
      { findings: validation.findings },
    )
  }
  const asOf = data.asOf ?? Date.now()
  return workflow.commit((record) => {
    const production = store.production.current(modelId)
    let impact = null
    if (production !== null) {
      const current = requireSnapshot(ctx, modelId, production.snapshotId)
      impact = computeImpact(data, current.model, snapshot.model, asOf)
    }
    const request: PromotionRequest = {
      id: randomUUID(),
      modelId,
      snapshotId,
      hash: snapshot.hash,
      note: input.note ?? null,
      datasetId: data.id,
      asOf,
      impact,
      findings: validation.findings,
      basedOnVersion: production?.version ?? 0,
      status: 'pending',
      requestedAt: Date.now(),
      requestedBy: { id: identity.id, name: identity.name },
      decidedAt: null,
      decidedBy: null,
      reason: null,
      version: null,
    }
    store.promotions.insert(request)
    record({
      at: request.requestedAt,
      actor: request.requestedBy,
      action: WORKFLOW_EVENTS.requested,
      modelId,
      details: {
        requestId: request.id,
        snapshotId,
        hash: request.hash,
        basedOnVersion: request.basedOnVersion,
        datasetId: data.id,
        changedTier: impact?.changedTier ?? null,
      },
    })
    return request
  })
}
