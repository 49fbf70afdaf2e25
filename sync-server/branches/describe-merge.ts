import * as Y from 'yjs'
import type { MergeResult } from '../../shared/branch-api-schemas.ts'
import { diffDocFields, readDocFields } from '../../shared/model-doc.ts'
import { fieldPath, pathsOverlap, readFieldValue } from '../../shared/model-doc-field-path.ts'

export interface MergeInputs {
  /** The Yjs state both docs held at the fork. */
  forkState: Uint8Array
  /** The draft doc now (read, never written). */
  draft: Y.Doc
  /** The branch doc now (read, never written). */
  branch: Y.Doc
  /** The branch's changes since the fork: `encodeStateAsUpdate(branch, forkBranchSv)`. */
  update: Uint8Array
}

/**
 * What merging `update` into the draft brings, computed on a copy of the draft: the fields the
 * branch changed since the fork, and of those the ones the draft changed too, with the value the
 * merged doc keeps and the one it drops. `applied` is false here; `news` says whether the update
 * holds anything the draft lacks (a second merge of an unchanged branch holds nothing).
 */
export function describeMerge({ forkState, draft, branch, update }: MergeInputs): {
  result: MergeResult
  news: boolean
} {
  const merged = new Y.Doc()
  const fork = new Y.Doc()
  try {
    Y.applyUpdate(merged, Y.encodeStateAsUpdate(draft))
    const before = Y.snapshot(merged)
    Y.applyUpdate(merged, update)
    if (Y.equalSnapshots(before, Y.snapshot(merged))) {
      return { result: { changed: [], bothChanged: [], applied: false }, news: false }
    }
    Y.applyUpdate(fork, forkState)
    const forkFields = readDocFields(fork)
    const branchFields = readDocFields(branch)
    const draftFields = readDocFields(draft)
    const mergedFields = readDocFields(merged)
    const onBranch = diffDocFields(forkFields, branchFields)
    const onDraft = diffDocFields(forkFields, draftFields).map(fieldPath)
    const changed: string[] = []
    const bothChanged: MergeResult['bothChanged'] = []
    for (const change of onBranch) {
      const path = fieldPath(change)
      changed.push(path)
      if (!onDraft.some((other) => pathsOverlap(path, other))) continue
      const won = readFieldValue(mergedFields, change)
      const ours = readFieldValue(branchFields, change)
      const theirs = readFieldValue(draftFields, change)
      const lost = JSON.stringify(won) === JSON.stringify(ours) ? theirs : ours
      bothChanged.push({ field: path, won, lost })
    }
    return { result: { changed, bothChanged, applied: false }, news: true }
  } finally {
    merged.destroy()
    fork.destroy()
  }
}
