import type { StoredAuditEntry } from '../store/audit-store.ts'
import type { Store } from '../store/store.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'

/** A production version and the audit log disagree (at most a few are reported). */
export interface ProductionMismatch {
  modelId: string
  version: number
  /** The audit entry concerned, when there is one. */
  seq: number | null
  reason: string
}

const ACTION_OF_KIND = {
  promotion: WORKFLOW_EVENTS.promoted,
  rollback: WORKFLOW_EVENTS.rolledBack,
} as const

/**
 * Checks that every production version was recorded in the audit log — one entry of the matching
 * action for the same model and version, naming the same snapshot and hash — and that every such
 * entry has its version. Both are written in one transaction, so a disagreement means data was
 * lost or changed behind the server's back, even when the hash chain itself still holds.
 */
export function checkProductionAgainstAudit(
  versions: Iterable<ProductionVersion>,
  entries: Iterable<StoredAuditEntry>,
  limit = 10,
): ProductionMismatch[] {
  const recorded = new Map<
    string,
    { seq: number; action: string; details: Record<string, unknown> }
  >()
  const mismatches: ProductionMismatch[] = []
  for (const entry of entries) {
    if (entry.action !== WORKFLOW_EVENTS.promoted && entry.action !== WORKFLOW_EVENTS.rolledBack) {
      continue
    }
    const details = parseDetails(entry.detailsJson)
    const key = keyOf(entry.modelId ?? '', Number(details.version))
    if (recorded.has(key)) {
      mismatches.push({
        modelId: entry.modelId ?? '',
        version: Number(details.version),
        seq: entry.seq,
        reason: 'the audit log records this version twice',
      })
    }
    recorded.set(key, { seq: entry.seq, action: entry.action, details })
  }
  for (const version of versions) {
    const key = keyOf(version.modelId, version.version)
    const entry = recorded.get(key)
    recorded.delete(key)
    const where = { modelId: version.modelId, version: version.version }
    if (entry === undefined) {
      mismatches.push({
        ...where,
        seq: null,
        reason: 'production has this version; the audit log does not',
      })
    } else if (
      entry.action !== ACTION_OF_KIND[version.kind] ||
      entry.details.snapshotId !== version.snapshotId ||
      entry.details.hash !== version.hash
    ) {
      mismatches.push({
        ...where,
        seq: entry.seq,
        reason: 'the audit entry names another snapshot, hash or kind than production holds',
      })
    }
  }
  for (const [key, entry] of recorded) {
    const [modelId = '', version = '0'] = JSON.parse(key) as [string, string]
    mismatches.push({
      modelId,
      version: Number(version),
      seq: entry.seq,
      reason: 'the audit log records this version; production does not have it',
    })
  }
  return mismatches.slice(0, limit)
}

const keyOf = (modelId: string, version: number) => JSON.stringify([modelId, String(version)])

function parseDetails(json: string): Record<string, unknown> {
  try {
    const details: unknown = JSON.parse(json)
    return typeof details === 'object' && details !== null
      ? (details as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

/** One line per mismatch, for a log or an error message. */
export function describeMismatches(mismatches: readonly ProductionMismatch[]): string {
  return mismatches
    .map(
      (m) => `${m.modelId} v${m.version}${m.seq === null ? '' : ` (audit #${m.seq})`}: ${m.reason}`,
    )
    .join('; ')
}

/** Audit entries read per page. */
const PAGE = 1000

/** checkProductionAgainstAudit over every production version and audit entry of the store. */
export async function checkStoreProduction(store: Store): Promise<ProductionMismatch[]> {
  const versions: ProductionVersion[] = []
  for (const modelId of (await store.production.currentVersions()).keys()) {
    versions.push(...(await store.production.list(modelId)))
  }
  const entries: StoredAuditEntry[] = []
  for (let after = 0; ;) {
    const page = await store.audit.listStored(after, PAGE)
    entries.push(...page)
    if (page.length < PAGE) break
    after = page.at(-1)!.seq
  }
  return checkProductionAgainstAudit(versions, entries)
}
