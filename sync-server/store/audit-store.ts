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

export interface AuditFilter {
  modelId?: string
  actions?: readonly string[]
  after: number
  limit: number
}

export interface AuditStore {
  /**
   * Appends an entry after the last one (seq + 1, chained to its hash). Appends are serialized:
   * with any number of writers the chain stays one line.
   */
  append(entry: NewAuditEntry): Promise<AuditEntry>
  /** Entries oldest first with seq > `after`, at most `limit`, optionally of one model and actions. */
  list(filter: AuditFilter): Promise<AuditEntry[]>
  /** Stored entries oldest first with seq > `after`, at most `limit` (a page of the chain to verify). */
  listStored(after: number, limit: number): Promise<StoredAuditEntry[]>
}

/** Only a row changed behind the log's back fails to parse; it is listed as such, and verify flags it. */
export function parseAuditDetails(json: string): Record<string, unknown> {
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
