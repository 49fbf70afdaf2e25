import type Database from 'better-sqlite3'
import type { Branch, BranchStore, BranchWithSeqs } from '../branch-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

interface BranchRow {
  branch_id: string
  model_id: string
  name: string
  forked_at: number
  forked_by_id: string
  forked_by_name: string
  from_snapshot: string | null
  fork_draft_sv: Buffer
  fork_draft_seq: number
  fork_branch_sv: Buffer
  fork_branch_seq: number
  fork_state: Buffer
  branch_seq: number | null
  draft_seq: number | null
}

// Each side's seq now comes from its doc's counter row: seqs have no gaps, so the difference
// with the seq at the fork counts the updates committed since.
const SELECT_LIVE = `
  SELECT b.*, bd.last_seq AS branch_seq, md.last_seq AS draft_seq
  FROM branches b
  LEFT JOIN docs bd ON bd.id = b.branch_id
  LEFT JOIN docs md ON md.id = b.model_id
  WHERE b.deleted_at IS NULL AND b.model_id = ?`

/** Branches; a deleted one keeps its row (its doc and change feed stay). */
export function createSqliteBranchStore(db: Database.Database): SyncPart<BranchStore> {
  const insert = db.prepare(
    `INSERT INTO branches (branch_id, model_id, name, forked_at, forked_by_id, forked_by_name,
       from_snapshot, fork_draft_sv, fork_draft_seq, fork_branch_sv, fork_branch_seq, fork_state)
     VALUES (@branchId, @modelId, @name, @forkedAt, @forkedById, @forkedByName, @from,
       @forkDraftSv, @forkDraftSeq, @forkBranchSv, @forkBranchSeq, @forkState)`,
  )
  const selectByModel = db.prepare<[string], BranchRow>(`${SELECT_LIVE} ORDER BY b.rowid`)
  const selectOne = db.prepare<[string, string], BranchRow>(`${SELECT_LIVE} AND b.name = ?`)
  const markDeleted = db.prepare<[number, string, string, string]>(
    `UPDATE branches SET deleted_at = ?, deleted_by_id = ?, deleted_by_name = ?
     WHERE branch_id = ? AND deleted_at IS NULL`,
  )
  const selectIds = db.prepare<[], { branch_id: string }>('SELECT branch_id FROM branches')
  const selectId = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM branches WHERE branch_id = ?',
  )
  return {
    insert(branch: Branch) {
      insert.run({
        branchId: branch.branchId,
        modelId: branch.modelId,
        name: branch.name,
        forkedAt: branch.forkedAt,
        forkedById: branch.forkedBy.id,
        forkedByName: branch.forkedBy.name,
        from: branch.from,
        forkDraftSv: branch.forkDraftSv,
        forkDraftSeq: branch.forkDraftSeq,
        forkBranchSv: branch.forkBranchSv,
        forkBranchSeq: branch.forkBranchSeq,
        forkState: branch.forkState,
      })
    },
    list: (modelId) => selectByModel.all(modelId).map(fromRow),
    get(modelId, name) {
      const row = selectOne.get(modelId, name)
      return row === undefined ? null : fromRow(row)
    },
    remove: (branchId, at, by) => markDeleted.run(at, by.id, by.name, branchId).changes === 1,
    docIds: () => selectIds.all().map((row) => row.branch_id),
    isBranchDoc: (docId) => selectId.get(docId) !== undefined,
  }
}

function fromRow(row: BranchRow): BranchWithSeqs {
  return {
    branchId: row.branch_id,
    modelId: row.model_id,
    name: row.name,
    forkedAt: row.forked_at,
    forkedBy: { id: row.forked_by_id, name: row.forked_by_name },
    from: row.from_snapshot,
    forkDraftSv: toBytes(row.fork_draft_sv),
    forkDraftSeq: row.fork_draft_seq,
    forkBranchSv: toBytes(row.fork_branch_sv),
    forkBranchSeq: row.fork_branch_seq,
    forkState: toBytes(row.fork_state),
    branchSeq: row.branch_seq ?? row.fork_branch_seq,
    draftSeq: row.draft_seq ?? row.fork_draft_seq,
  }
}

/** A Buffer viewed as a plain Uint8Array (Yjs compares constructors in places). */
function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
