import type Database from 'better-sqlite3'
import {
  parseAuditDetails,
  type AuditEntry,
  type AuditStore,
  type NewAuditEntry,
} from '../audit-store.ts'
import type { SyncPart } from './sqlite-gate.ts'
import { canonicalJson } from '../../models/hash-model.ts'
import { GENESIS_HASH, hashAuditEntry } from '../hash-audit-entry.ts'

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

/** The audit log; the schema's triggers refuse UPDATE and DELETE on it. */
export function createSqliteAuditStore(db: Database.Database): SyncPart<AuditStore> {
  const selectLast = db.prepare<[], { seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  )
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, model_id, details_json, prev_hash, hash)
     VALUES (@seq, @at, @actorId, @actorName, @action, @modelId, @detailsJson, @prevHash, @hash)`,
  )
  // A NULL model or action list matches every entry; actions come as a JSON array.
  const selectList = db.prepare<
    { modelId: string | null; actions: string | null; after: number; limit: number },
    AuditRow
  >(
    `SELECT * FROM audit_log
     WHERE seq > @after AND (@modelId IS NULL OR model_id = @modelId)
       AND (@actions IS NULL OR action IN (SELECT value FROM json_each(@actions)))
     ORDER BY seq LIMIT @limit`,
  )
  const selectStored = db.prepare<[number, number], AuditRow>(
    'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?',
  )

  const append = db.transaction((entry: NewAuditEntry): AuditEntry => {
    const last = selectLast.get()
    // Stored canonical, so the hash recomputed from the stored text covers the same bytes.
    const detailsJson = canonicalJson(entry.details)
    const details = JSON.parse(detailsJson) as Record<string, unknown>
    const seq = (last?.seq ?? 0) + 1
    const prevHash = last?.hash ?? GENESIS_HASH
    const hash = hashAuditEntry({ ...entry, details, seq, prevHash })
    insert.run({
      seq,
      at: entry.at,
      actorId: entry.actor.id,
      actorName: entry.actor.name,
      action: entry.action,
      modelId: entry.modelId,
      detailsJson,
      prevHash,
      hash,
    })
    return { ...entry, details, seq, prevHash, hash }
  })

  return {
    append: (entry) => append(entry),
    list: ({ modelId, actions, after, limit }) =>
      selectList
        .all({
          modelId: modelId ?? null,
          actions: actions === undefined ? null : JSON.stringify(actions),
          after,
          limit,
        })
        .map(fromRow),
    listStored: (after, limit) =>
      selectStored.all(after, limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        actor: { id: row.actor_id, name: row.actor_name },
        action: row.action,
        modelId: row.model_id,
        detailsJson: row.details_json,
        prevHash: row.prev_hash,
        hash: row.hash,
      })),
  }
}

function fromRow(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    modelId: row.model_id,
    details: parseAuditDetails(row.details_json),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}
