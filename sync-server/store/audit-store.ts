import type Database from 'better-sqlite3'
import { canonicalJson } from '../models/hash-model.ts'
import { GENESIS_HASH, hashAuditEntry } from './hash-audit-entry.ts'
import type { UserRef } from '../../shared/api-common-schemas.ts'

/** One entry of the append-only audit log; `hash` chains it to the entry before. */
export interface AuditEntry {
  seq: number
  at: number
  actor: UserRef
  action: string
  modelId: string | null
  details: Record<string, unknown>
  prevHash: string
  hash: string
}

export type NewAuditEntry = Pick<AuditEntry, 'at' | 'actor' | 'action' | 'modelId' | 'details'>

/** An entry as stored, details unparsed: what verification reads, since a tampered row may not parse. */
export type StoredAuditEntry = Omit<AuditEntry, 'details'> & { detailsJson: string }

export interface AuditStore {
  /** Appends an entry after the last one (seq + 1, chained to its hash). */
  append(entry: NewAuditEntry): AuditEntry
  /** Entries oldest first with seq > `after`, at most `limit`, optionally of one model and actions. */
  list(filter: {
    modelId?: string
    actions?: readonly string[]
    after: number
    limit: number
  }): AuditEntry[]
  /** Every entry as stored, oldest first, read lazily (the log can be long). */
  iterate(): IterableIterator<StoredAuditEntry>
}

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
export function createAuditStore(db: Database.Database): AuditStore {
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
  const selectAll = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq')

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
    *iterate() {
      for (const row of selectAll.iterate()) {
        yield {
          seq: row.seq,
          at: row.at,
          actor: { id: row.actor_id, name: row.actor_name },
          action: row.action,
          modelId: row.model_id,
          detailsJson: row.details_json,
          prevHash: row.prev_hash,
          hash: row.hash,
        }
      }
    },
  }
}

function fromRow(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: { id: row.actor_id, name: row.actor_name },
    action: row.action,
    modelId: row.model_id,
    details: parseDetails(row.details_json),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** Only a row changed behind the log's back fails to parse; it is listed as such, and verify flags it. */
function parseDetails(json: string): Record<string, unknown> {
  try {
    const details: unknown = JSON.parse(json)
    if (typeof details === 'object' && details !== null && !Array.isArray(details)) {
      return details as Record<string, unknown>
    }
  } catch {
    // Falls through: reported as unreadable below.
  }
  return { unreadable: json }
}
