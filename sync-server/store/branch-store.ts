import type { UserRef } from '../../shared/api-common-schemas.ts'

/**
 * A branch: a doc forked from a model's draft (or a snapshot of it). The fork's state vectors say
 * what each side changed since; the fork's state is kept so the model at the fork can be read.
 */
export interface Branch {
  branchId: string
  modelId: string
  name: string
  forkedAt: number
  forkedBy: UserRef
  /** The snapshot it was forked from; null when forked from the draft. */
  from: string | null
  /** The draft's state vector at the fork. */
  forkDraftSv: Uint8Array
  /** The draft's seq at the fork: draft updates committed since are those past it. */
  forkDraftSeq: number
  /** The branch doc's state vector right after the fork (before a snapshot's values). */
  forkBranchSv: Uint8Array
  /** The branch doc's seq right after the fork. */
  forkBranchSeq: number
  /** The Yjs state both docs held at the fork. */
  forkState: Uint8Array
}

/** A live branch with the last seq of each side's doc now. */
export interface BranchWithSeqs extends Branch {
  branchSeq: number
  draftSeq: number
}

export interface BranchStore {
  /** Adds a branch; its name must be free among the model's live branches (a unique index). */
  insert(branch: Branch): Promise<void>
  /** The model's live branches, oldest first. */
  list(modelId: string): Promise<BranchWithSeqs[]>
  /** The model's live branch of that name, or null. */
  get(modelId: string, name: string): Promise<BranchWithSeqs | null>
  /** Marks a live branch deleted (false when it was not live): its name is free again, its doc kept. */
  remove(branchId: string, at: number, by: UserRef): Promise<boolean>
  /** The doc ids of every branch ever made, deleted ones included (they are not models). */
  docIds(): Promise<string[]>
  /** Whether the doc is a branch's, deleted or not: one lookup by key, for one id. */
  isBranchDoc(docId: string): Promise<boolean>
}
