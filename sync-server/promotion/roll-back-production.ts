import type { Identity } from '../../shared/identity-schema.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { requireModel, requireSnapshot } from './require-found.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

export interface RollbackInput {
  modelId: string
  toVersion: number
  expectedVersion: number | undefined
  identity: Identity
}

/** 404 `not-in-production` before the model's first promotion. */
export function requireProduction(ctx: WorkflowContext, modelId: string): ProductionVersion {
  requireModel(ctx, modelId)
  const current = ctx.store.production.current(modelId)
  if (current === null) {
    throw new ProblemError(
      404,
      PROBLEM_CODES.notInProduction,
      `Model "${modelId}" has not been promoted to production yet.`,
    )
  }
  return current
}

/**
 * Makes an earlier version's snapshot production again, as a new version (versions only ever
 * increase), in one transaction with its audit entry and notifications.
 */
export function rollBackProduction(
  ctx: WorkflowContext,
  input: RollbackInput,
): { version: ProductionVersion; snapshot: Snapshot } {
  const { store, workflow } = ctx
  const { modelId, toVersion, expectedVersion, identity } = input
  return workflow.commit((record) => {
    const current = requireProduction(ctx, modelId)
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new ProblemError(
        409,
        PROBLEM_CODES.staleRequest,
        `Production is at version ${current.version}, not ${expectedVersion}.`,
        { expectedVersion, currentVersion: current.version },
      )
    }
    const target = store.production.get(modelId, toVersion)
    if (target === null) {
      throw new ProblemError(
        404,
        PROBLEM_CODES.versionNotFound,
        `Model "${modelId}" has no production version ${toVersion}.`,
      )
    }
    if (toVersion >= current.version) {
      throw new ProblemError(
        409,
        PROBLEM_CODES.notAnEarlierVersion,
        `Version ${toVersion} is not earlier than the current version ${current.version}.`,
        { currentVersion: current.version },
      )
    }
    const snapshot = requireSnapshot(ctx, modelId, target.snapshotId)
    verifySnapshotHash(snapshot, target.hash)
    const at = Date.now()
    const by = { id: identity.id, name: identity.name }
    const version: ProductionVersion = {
      modelId,
      version: current.version + 1,
      snapshotId: target.snapshotId,
      hash: target.hash,
      kind: 'rollback',
      requestId: null,
      rolledBackTo: toVersion,
      promotedAt: at,
      promotedBy: by,
    }
    store.production.insert(version)
    record({
      at,
      actor: by,
      action: WORKFLOW_EVENTS.rolledBack,
      modelId,
      details: {
        version: version.version,
        toVersion,
        previousVersion: current.version,
        snapshotId: target.snapshotId,
        hash: target.hash,
      },
    })
    return { version, snapshot }
  })
}
