import type { DocStore, DocSummaryRow } from '../doc-store.ts'
import { toBuffer, toBytes, type PostgresSql } from './postgres-sql.ts'

/** The channel of doc commits: the payload is `<docId> <seq>` (ids are slugs, without spaces). */
export const DOC_CHANNEL = 'scoring_docs'

/** Docs and their update log; the seq of an update comes from its doc's counter row, locked in its transaction. */
export function createPostgresDocStore(
  sql: PostgresSql,
  inTransaction: TransactionRunner,
): DocStore {
  return {
    async load(docId) {
      const [doc] = await sql<{ state: Buffer | null; state_seq: number; last_seq: number }[]>`
        SELECT state, state_seq, last_seq FROM docs WHERE id = ${docId}`
      if (doc === undefined) return null
      const updates = await sql<{ data: Buffer }[]>`
        SELECT data FROM updates WHERE doc_id = ${docId} AND seq > ${doc.state_seq} ORDER BY seq`
      return {
        id: docId,
        state: doc.state === null ? null : toBytes(doc.state),
        updates: updates.map((row) => toBytes(row.data)),
        lastSeq: doc.last_seq,
        stateSeq: doc.state_seq,
      }
    },
    async has(docId) {
      return (await sql`SELECT 1 FROM docs WHERE id = ${docId}`).length > 0
    },
    list: () =>
      sql<DocSummaryRow[]>`
        SELECT id, created_at AS "createdAt", updated_at AS "updatedAt", last_seq AS "lastSeq"
        FROM docs ORDER BY id`.then((rows) => [...rows]),
    append: (entry) =>
      inTransaction(async (tx) => {
        await tx`
          INSERT INTO docs (id, created_at, updated_at) VALUES (${entry.docId}, ${entry.at}, ${entry.at})
          ON CONFLICT (id) DO NOTHING`
        // The UPDATE locks the counter row until the commit: the next writer of this doc waits,
        // so seqs have no gaps and a higher seq is never visible before a lower one.
        const [row] = await tx<{ last_seq: number }[]>`
          UPDATE docs SET last_seq = last_seq + 1, updated_at = ${entry.at}
          WHERE id = ${entry.docId} RETURNING last_seq`
        const seq = row!.last_seq
        await tx`
          INSERT INTO updates (doc_id, seq, data, user_id, at)
          VALUES (${entry.docId}, ${seq}, ${toBuffer(entry.update)}, ${entry.user.id}, ${entry.at})`
        // Delivered when the transaction commits, never before: the others read only committed rows.
        await tx`SELECT pg_notify(${DOC_CHANNEL}, ${`${entry.docId} ${seq}`})`
        if (entry.changes.length > 0) {
          const rows = entry.changes.map((change) => ({
            doc_id: entry.docId,
            seq,
            at: entry.at,
            user_id: entry.user.id,
            user_name: entry.user.name,
            factor_id: change.factorId,
            field: change.field,
            from_json: JSON.stringify(change.from),
            to_json: JSON.stringify(change.to),
          }))
          await tx`INSERT INTO changes ${tx(rows)}`
        }
        return seq
      }),
    async updatesAfter(docId, afterSeq) {
      const rows = await sql<{ seq: number; data: Buffer }[]>`
        SELECT seq, data FROM updates WHERE doc_id = ${docId} AND seq > ${afterSeq} ORDER BY seq`
      return rows.map((row) => ({ seq: row.seq, update: toBytes(row.data) }))
    },
    async stateSeq(docId) {
      const [doc] = await sql<{ state_seq: number }[]>`
        SELECT state_seq FROM docs WHERE id = ${docId}`
      return doc?.state_seq ?? 0
    },
    compact: (docId, state, uptoSeq) =>
      inTransaction(async (tx) => {
        // The watermark only moves forward: a compaction folding less than the stored one (another
        // instance got there first) changes nothing.
        const moved = await tx`
          UPDATE docs SET state = ${toBuffer(state)}, state_seq = ${uptoSeq}
          WHERE id = ${docId} AND state_seq < ${uptoSeq}`
        if (moved.count === 1) {
          await tx`DELETE FROM updates WHERE doc_id = ${docId} AND seq <= ${uptoSeq}`
        }
      }),
  }
}

/** Runs `fn` in a transaction: the running one when the part belongs to a transaction, else a new one. */
export type TransactionRunner = <T>(fn: (tx: PostgresSql) => Promise<T>) => Promise<T>
