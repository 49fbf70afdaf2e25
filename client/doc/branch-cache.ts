import { BranchSchema, type BranchRecord } from '../../shared/branch-api-schemas.ts'

const PREFIX = 'scoring-playground:branch:'

const keyOf = (modelId: string, name: string) => `${PREFIX}${JSON.stringify([modelId, name])}`

/** The branch last seen under this name, so its editor opens offline (its doc is in IndexedDB). */
export function readCachedBranch(modelId: string, name: string): BranchRecord | null {
  try {
    const parsed = BranchSchema.safeParse(
      JSON.parse(localStorage.getItem(keyOf(modelId, name)) ?? 'null'),
    )
    return parsed.success ? parsed.data : null
  } catch {
    // An unreadable cache is no cache: the branch is then looked up on the server.
    return null
  }
}

/** Remembers a branch seen now. */
export function cacheBranch(branch: BranchRecord): void {
  try {
    localStorage.setItem(keyOf(branch.modelId, branch.name), JSON.stringify(branch))
  } catch {
    // Storage unavailable or full: the branch then opens only while the server answers.
  }
}

/** Forgets a deleted branch. */
export function forgetBranch(modelId: string, name: string): void {
  try {
    localStorage.removeItem(keyOf(modelId, name))
  } catch {
    // Storage unavailable: nothing was kept.
  }
}
