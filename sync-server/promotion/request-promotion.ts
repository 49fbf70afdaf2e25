import { randomUUID } from 'node:crypto'
import { validateModel } from '../../engine/validate-model.ts'
import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import { createColumnScorer, type ColumnScorer } from '../../engine/create-column-scorer.ts'
import { computeBacktests } from './compute-backtests.ts'
import { computeImpact } from './compute-impact.ts'
import { checkModel } from '../models/check-model.ts'
import { findSnapshot } from './find-workflow-records.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

export interface PromotionInput {
  modelId: string
  snapshotId: string
  note: string | undefined
  /** Promote no earlier than this instant (epoch ms); it must lie ahead (`scheduled-in-past`). */
  scheduledFor: number | undefined
  identity: Identity
}

/**
 * Records a request to promote a snapshot: its exact content (checked against its hash) is
 * validated again with the engine (any error → `invalid-model` with the findings), and its impact
 * against the production model is computed on the model's reference dataset (none before the
 * first promotion), with the backtest of both when that dataset has an outcome column. The request
 * is based on the production version it was compared with. With `scheduledFor` it promotes no
 * earlier than that (see settle-due-promotion.ts).
 */
export async function requestPromotion(
  ctx: WorkflowContext,
  input: PromotionInput,
): Promise<Outcome<PromotionRequest>> {
  const { store, workflow, catalog } = ctx
  const { modelId, snapshotId, identity, scheduledFor } = input
  if (scheduledFor !== undefined && scheduledFor <= workflow.options.now()) {
    return failure(
      PROBLEM_CODES.scheduledInPast,
      `scheduledFor (${new Date(scheduledFor).toISOString()}) is not in the future; leave it out to promote at approval.`,
      { scheduledFor: new Date(scheduledFor).toISOString() },
    )
  }
  const missing = await checkModel(catalog, modelId)
  if (missing !== null) return missing
  const found = await findSnapshot(store, modelId, snapshotId)
  if (!found.ok) return found
  const snapshot = found.value
  const mismatch = verifySnapshotHash(snapshot, snapshot.hash)
  if (mismatch !== null) return mismatch
  const data = await workflow.reference.forModel(modelId)
  const validation = validateModel(snapshot.model, { datasetFields: data.fields })
  if (!validation.ok) {
    return failure(
      PROBLEM_CODES.invalidModel,
      'The snapshot does not pass validation; fix its errors and take a new snapshot.',
      { findings: validation.findings },
    )
  }
  const asOf = data.asOf ?? Date.now()
  return workflow.commit(async (tx, record) => {
    await tx.lockModel(modelId)
    const production = await tx.production.current(modelId)
    const candidate = createColumnScorer(data.columns, snapshot.model, { asOf })
    let current: ColumnScorer | null = null
    let impact = null
    if (production !== null) {
      const found = await findSnapshot(tx, modelId, production.snapshotId)
      if (!found.ok) return found
      // Computes only the factors production scores differently from the candidate.
      current = candidate.derive(found.value.model).scorer
      impact = computeImpact(current, candidate)
    }
    const backtest = computeBacktests(data, candidate, current)
    const request: PromotionRequest = {
      id: randomUUID(),
      modelId,
      snapshotId,
      hash: snapshot.hash,
      note: input.note ?? null,
      datasetId: data.id,
      asOf,
      impact,
      backtest,
      findings: validation.findings,
      basedOnVersion: production?.version ?? 0,
      status: 'pending',
      requestedAt: workflow.options.now(),
      requestedBy: { id: identity.id, name: identity.name },
      decidedAt: null,
      decidedBy: null,
      reason: null,
      version: null,
      scheduledFor: scheduledFor ?? null,
      settledAt: null,
      settledBy: null,
    }
    await tx.promotions.insert(request)
    await record({
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
        auc: backtest === null ? null : backtest.candidate.auc,
        ...(scheduledFor === undefined
          ? {}
          : { scheduledFor: new Date(scheduledFor).toISOString() }),
      },
    })
    return success(request)
  })
}
