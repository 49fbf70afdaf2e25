import type { Branch, BranchStore, BranchWithSeqs } from '../branch-store.ts'
import { toBuffer, toBytes, type PostgresSql } from './postgres-sql.ts'

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

/** Branches; a deleted one keeps its row (its doc and change feed stay). */
export function createPostgresBranchStore(sql: PostgresSql): BranchStore {
  // Each side's seq now comes from its doc's counter row: seqs have no gaps, so the difference
  // with the seq at the fork counts the updates committed since.
  const live = (modelId: string) => sql`
    SELECT b.*, bd.last_seq AS branch_seq, md.last_seq AS draft_seq
    FROM branches b
    LEFT JOIN docs bd ON bd.id = b.branch_id
    LEFT JOIN docs md ON md.id = b.model_id
    WHERE b.deleted_at IS NULL AND b.model_id = ${modelId}`
  return {
    async insert(branch: Branch) {
      await sql`
        INSERT INTO branches (branch_id, model_id, name, forked_at, forked_by_id, forked_by_name,
          from_snapshot, fork_draft_sv, fork_draft_seq, fork_branch_sv, fork_branch_seq, fork_state)
        VALUES (${branch.branchId}, ${branch.modelId}, ${branch.name}, ${branch.forkedAt},
          ${branch.forkedBy.id}, ${branch.forkedBy.name}, ${branch.from},
          ${toBuffer(branch.forkDraftSv)}, ${branch.forkDraftSeq}, ${toBuffer(branch.forkBranchSv)},
          ${branch.forkBranchSeq}, ${toBuffer(branch.forkState)})`
    },
    async list(modelId) {
      const rows = await sql<BranchRow[]>`${live(modelId)} ORDER BY b.ord`
      return rows.map(fromRow)
    },
    async get(modelId, name) {
      const [row] = await sql<BranchRow[]>`${live(modelId)} AND b.name = ${name}`
      return row === undefined ? null : fromRow(row)
    },
    async remove(branchId, at, by) {
      const removed = await sql`
        UPDATE branches SET deleted_at = ${at}, deleted_by_id = ${by.id}, deleted_by_name = ${by.name}
        WHERE branch_id = ${branchId} AND deleted_at IS NULL`
      return removed.count === 1
    },
    async docIds() {
      const rows = await sql<{ branch_id: string }[]>`SELECT branch_id FROM branches`
      return rows.map((row) => row.branch_id)
    },
    async isBranchDoc(docId) {
      const rows = await sql`SELECT 1 FROM branches WHERE branch_id = ${docId}`
      return rows.length > 0
    },
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
