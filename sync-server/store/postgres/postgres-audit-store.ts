import { canonicalJson } from '../../models/hash-model.ts'
import {
  parseAuditDetails,
  type AuditStore,
  type NewAuditEntry,
  type StoredAuditEntry,
} from '../audit-store.ts'
import { hashAuditEntry } from '../hash-audit-entry.ts'
import type { PostgresSql } from './postgres-sql.ts'
import type { TransactionRunner } from './postgres-doc-store.ts'

interface AuditRow {
  seq: number
  at: number
  actor_id: string
  actor_name: string
  action: string
  model_id: string | null
  details_json: string
  prev_hash: string
  hash: string
}

/** The audit log; appends lock its head row, so the chain stays linear with any number of writers. */
export function createPostgresAuditStore(
  sql: PostgresSql,
  inTransaction: TransactionRunner,
): AuditStore {
  return {
    append: (entry: NewAuditEntry) =>
      inTransaction(async (tx) => {
        const [head] = await tx<{ seq: number; hash: string }[]>`
          SELECT seq, hash FROM audit_head FOR UPDATE`
        // Stored canonical, so the hash recomputed from the stored text covers the same bytes.
        const detailsJson = canonicalJson(entry.details)
        const details = JSON.parse(detailsJson) as Record<string, unknown>
        const seq = head!.seq + 1
        const prevHash = head!.hash
        const hash = hashAuditEntry({ ...entry, details, seq, prevHash })
        await tx`
          INSERT INTO audit_log (seq, at, actor_id, actor_name, action, model_id, details_json,
            prev_hash, hash)
          VALUES (${seq}, ${entry.at}, ${entry.actor.id}, ${entry.actor.name}, ${entry.action},
            ${entry.modelId}, ${detailsJson}, ${prevHash}, ${hash})`
        await tx`UPDATE audit_head SET seq = ${seq}, hash = ${hash}`
        return { ...entry, details, seq, prevHash, hash }
      }),
    async list({ modelId, actions, after, limit }) {
      const rows = await sql<AuditRow[]>`
        SELECT * FROM audit_log
        WHERE seq > ${after} AND (${modelId ?? null}::text IS NULL OR model_id = ${modelId ?? null})
          AND (${actions === undefined}::boolean OR action = ANY(${sql.array([...(actions ?? [])])}::text[]))
        ORDER BY seq LIMIT ${limit}`
      return rows.map((row) => ({ ...stored(row), details: parseAuditDetails(row.details_json) }))
    },
    async listStored(after, limit) {
      const rows = await sql<AuditRow[]>`
        SELECT * FROM audit_log WHERE seq > ${after} ORDER BY seq LIMIT ${limit}`
      return rows.map((row) => ({ ...stored(row), detailsJson: row.details_json }))
    },
  }
}

function stored(row: AuditRow): Omit<StoredAuditEntry, 'detailsJson'> {
  return {
    seq: row.seq,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    modelId: row.model_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
