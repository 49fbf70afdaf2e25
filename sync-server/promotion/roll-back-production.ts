import { failure, success, type Outcome } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import { checkModel } from '../models/check-model.ts'
import { findProduction, findSnapshot } from './find-workflow-records.ts'
import { verifySnapshotHash } from './verify-snapshot-hash.ts'
import type { WorkflowContext } from './workflow-context.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

export interface RollbackInput {
  modelId: string
  toVersion: number
  expectedVersion: number | undefined
  identity: Identity
}

/**
 * Makes an earlier version's snapshot production again, as a new version (versions only ever
 * increase), in one transaction holding the model's lock, with its audit entry and notifications.
 */
export async function rollBackProduction(
  { catalog, workflow }: WorkflowContext,
  input: RollbackInput,
): Promise<Outcome<{ version: ProductionVersion; snapshot: Snapshot }>> {
  const { modelId, toVersion, expectedVersion, identity } = input
  const missing = await checkModel(catalog, modelId)
  if (missing !== null) return missing
  return workflow.commit(async (tx, record) => {
    await tx.lockModel(modelId)
    const found = await findProduction(tx, modelId)
    if (!found.ok) return found
    const current = found.value
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      return failure(
        PROBLEM_CODES.staleRequest,
        `Production is at version ${current.version}, not ${expectedVersion}.`,
        { expectedVersion, currentVersion: current.version },
      )
    }
    const target = await tx.production.get(modelId, toVersion)
    if (target === null) {
      return failure(
        PROBLEM_CODES.versionNotFound,
        `Model "${modelId}" has no production version ${toVersion}.`,
      )
    }
    if (toVersion >= current.version) {
      return failure(
        PROBLEM_CODES.notAnEarlierVersion,
        `Version ${toVersion} is not earlier than the current version ${current.version}.`,
        { currentVersion: current.version },
      )
    }
    const snapshot = await findSnapshot(tx, modelId, target.snapshotId)
    if (!snapshot.ok) return snapshot
    const mismatch = verifySnapshotHash(snapshot.value, target.hash)
    if (mismatch !== null) return mismatch
    const at = workflow.options.now()
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
    await tx.production.insert(version)
    await record({
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
    return success({ version, snapshot: snapshot.value })
  })
}
