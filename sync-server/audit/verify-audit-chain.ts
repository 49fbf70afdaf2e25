import type { AuditStore, StoredAuditEntry } from '../store/audit-store.ts'
import { GENESIS_HASH, hashAuditEntry } from '../store/hash-audit-entry.ts'

export type AuditVerification =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; firstBadSeq: number; reason: string; head: string }

/** Entries read per page: the log can be long, so it is never read whole. */
const PAGE = 1000

/**
 * Recomputes the hash chain over the stored entries, oldest first: seqs run 1, 2, 3… without
 * gaps, each entry's prevHash is the hash of the one before, and its hash is the hash of its
 * content. The first entry that breaks any of these is reported; an edited, inserted or deleted
 * entry breaks the chain at itself or at the entry after it.
 */
export async function verifyAuditChain(
  audit: Pick<AuditStore, 'listStored'>,
): Promise<AuditVerification> {
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  let count = 0
  let after = 0
  for (;;) {
    const page = await audit.listStored(after, PAGE)
    for (const entry of page) {
      count++
      const reason = checkEntry(entry, expectedSeq, prevHash)
      if (reason !== null) {
        return { ok: false, entries: count, firstBadSeq: entry.seq, reason, head: prevHash }
      }
      prevHash = entry.hash
      expectedSeq++
    }
    if (page.length < PAGE) return { ok: true, entries: count, head: prevHash }
    after = page.at(-1)!.seq
  }
}

function checkEntry(entry: StoredAuditEntry, seq: number, prevHash: string): string | null {
  if (entry.seq !== seq) return `expected seq ${seq}: an entry is missing`
  if (entry.prevHash !== prevHash) return 'its prevHash is not the hash of the entry before'
  let details: unknown
  try {
    details = JSON.parse(entry.detailsJson)
  } catch {
    return 'its details are not JSON'
  }
  const hash = hashAuditEntry({ ...entry, details })
  return hash === entry.hash ? null : 'its content does not match its hash'
}
