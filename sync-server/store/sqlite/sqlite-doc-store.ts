import type Database from 'better-sqlite3'
import type { DocStore, DocSummaryRow, UpdateEntry } from '../doc-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

/** Docs and their update log. */
export function createSqliteDocStore(db: Database.Database): SyncPart<DocStore> {
  const selectDoc = db.prepare<
    [string],
    { state: Buffer | null; state_seq: number; last_seq: number }
  >('SELECT state, state_seq, last_seq FROM docs WHERE id = ?')
  const selectUpdates = db.prepare<[string, number], { data: Buffer }>(
    'SELECT data FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
  )
  const selectExists = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM docs WHERE id = ?',
  )
  const selectAll = db.prepare<[], DocSummaryRow>(
    `SELECT id, created_at AS createdAt, updated_at AS updatedAt, last_seq AS lastSeq
     FROM docs ORDER BY id`,
  )
  const insertDoc = db.prepare<[string, number, number]>(
    'INSERT OR IGNORE INTO docs (id, created_at, updated_at) VALUES (?, ?, ?)',
  )
  const bumpSeq = db.prepare<[number, string], { last_seq: number }>(
    'UPDATE docs SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq',
  )
  const insertUpdate = db.prepare<[string, number, Uint8Array, string, number]>(
    'INSERT INTO updates (doc_id, seq, data, user_id, at) VALUES (?, ?, ?, ?, ?)',
  )
  const insertChange = db.prepare<
    [string, number, number, string, string, string | null, string, string, string]
  >(
    `INSERT INTO changes (doc_id, seq, at, user_id, user_name, factor_id, field, from_json, to_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const selectAfter = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq',
  )
  const selectStateSeq = db.prepare<[string], { state_seq: number }>(
    'SELECT state_seq FROM docs WHERE id = ?',
  )
  // The watermark only moves forward: a compaction that folds less than the stored one is a no-op.
  const updateState = db.prepare<[Uint8Array, number, string, number]>(
    'UPDATE docs SET state = ?, state_seq = ? WHERE id = ? AND state_seq < ?',
  )
  const deleteFolded = db.prepare<[string, number]>(
    'DELETE FROM updates WHERE doc_id = ? AND seq <= ?',
  )

  const append = db.transaction((entry: UpdateEntry): number => {
    insertDoc.run(entry.docId, entry.at, entry.at)
    const row = bumpSeq.get(entry.at, entry.docId)
    if (row === undefined) throw new Error(`doc ${entry.docId} vanished while appending`)
    const seq = row.last_seq
    insertUpdate.run(entry.docId, seq, entry.update, entry.user.id, entry.at)
    for (const change of entry.changes) {
      insertChange.run(
        entry.docId,
        seq,
        entry.at,
        entry.user.id,
        entry.user.name,
        change.factorId,
        change.field,
        JSON.stringify(change.from),
        JSON.stringify(change.to),
      )
    }
    return seq
  })
  const compact = db.transaction((docId: string, state: Uint8Array, uptoSeq: number) => {
    if (updateState.run(state, uptoSeq, docId, uptoSeq).changes === 1)
      deleteFolded.run(docId, uptoSeq)
  })

  return {
    load(docId) {
      const doc = selectDoc.get(docId)
      if (doc === undefined) return null
      const updates = selectUpdates.all(docId, doc.state_seq).map((row) => toBytes(row.data))
      return {
        id: docId,
        state: doc.state === null ? null : toBytes(doc.state),
        updates,
        lastSeq: doc.last_seq,
        stateSeq: doc.state_seq,
      }
    },
    has: (docId) => selectExists.get(docId) !== undefined,
    list: () => selectAll.all(),
    append: (entry) => append(entry),
    updatesAfter: (docId, afterSeq) =>
      selectAfter.all(docId, afterSeq).map((row) => ({ seq: row.seq, update: toBytes(row.data) })),
    stateSeq: (docId) => selectStateSeq.get(docId)?.state_seq ?? 0,
    compact: (docId, state, uptoSeq) => compact(docId, state, uptoSeq),
  }
}

/** A Buffer viewed as a plain Uint8Array (Yjs compares constructors in places). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
