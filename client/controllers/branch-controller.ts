import type { ReactiveController, ReactiveControllerHost } from 'lit'
import {
  BranchSchema,
  type BranchRecord,
  type MergeResult,
} from '../../shared/branch-api-schemas.ts'
import { describeFailure } from '../api/api-result.ts'
import { deleteBranch, fetchBranch, previewMerge } from '../api/branch-api.ts'
import { cacheBranch, forgetBranch, readCachedBranch } from '../doc/branch-cache.ts'

/**
 * Which branch the editor shows: being looked up, known (from the server, or from this browser's
 * copy when the server cannot be reached), or not to be found.
 */
export type BranchState =
  | { status: 'loading' }
  | { status: 'ready'; branch: BranchRecord }
  | { status: 'failed'; message: string }

/** Where Merge… is: asking the server for a dry run, showing it, or failed to get it. */
export type MergePreviewState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; result: MergeResult }
  | { state: 'failed'; message: string }

/**
 * Owns the branch an editor page shows: looks its name up (keeping a copy so it opens offline),
 * asks for the merge preview and deletes it.
 */
export class BranchController implements ReactiveController {
  state: BranchState = { status: 'loading' }
  preview: MergePreviewState = { state: 'idle' }
  /** Why the last delete failed, when it did. */
  deleteProblem: string | null = null
  busy = false

  private key = ''
  private token: string | null = null
  private generation = 0

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.generation++
    this.key = ''
  }

  /** The branch's doc id once known. */
  get branch(): BranchRecord | null {
    return this.state.status === 'ready' ? this.state.branch : null
  }

  /** Follows the branch `name` of `modelId`; looks it up again when the token changes. */
  open(modelId: string, name: string, token: string | null): void {
    const key = JSON.stringify([modelId, name])
    if (key === this.key && token === this.token) return
    const sameBranch = key === this.key
    this.key = key
    this.token = token
    const generation = ++this.generation
    if (!sameBranch) {
      this.preview = { state: 'idle' }
      this.deleteProblem = null
      const cached = readCachedBranch(modelId, name)
      this.state = cached ? { status: 'ready', branch: cached } : { status: 'loading' }
    }
    if (token !== null) void this.lookUp(modelId, name, token, generation)
    else if (this.state.status === 'loading')
      this.state = { status: 'failed', message: 'Sign in to open this branch.' }
  }

  /** Asks the server what merging would change (a dry run, nothing written). */
  async showPreview(): Promise<void> {
    const branch = this.branch
    if (branch === null || this.token === null) return
    const generation = this.generation
    this.preview = { state: 'loading' }
    this.host.requestUpdate()
    const result = await previewMerge(this.token, branch.modelId, branch.name)
    if (generation !== this.generation) return
    this.preview = result.ok
      ? { state: 'ready', result: result.data }
      : { state: 'failed', message: describeFailure(result) }
    this.host.requestUpdate()
  }

  closePreview(): void {
    this.preview = { state: 'idle' }
    this.host.requestUpdate()
  }

  /** Deletes the branch on the server; true when it is gone. */
  async remove(): Promise<boolean> {
    const branch = this.branch
    if (branch === null || this.token === null) return false
    this.busy = true
    this.deleteProblem = null
    this.host.requestUpdate()
    const result = await deleteBranch(this.token, branch.modelId, branch.name)
    this.busy = false
    if (result.ok) forgetBranch(branch.modelId, branch.name)
    else this.deleteProblem = describeFailure(result)
    this.host.requestUpdate()
    return result.ok
  }

  private async lookUp(
    modelId: string,
    name: string,
    token: string,
    generation: number,
  ): Promise<void> {
    const result = await fetchBranch(token, modelId, name)
    if (generation !== this.generation) return
    if (result.ok) {
      // Kept without the change counts, which are stale by the next edit.
      const branch = BranchSchema.parse(result.data)
      cacheBranch(branch)
      // The doc id never changes for a name, so a cached copy already in use stays as it is.
      if (this.branch?.branchId !== branch.branchId) this.state = { status: 'ready', branch }
    } else if (result.kind === 'problem' || this.state.status !== 'ready') {
      // Offline (or signed out) with a copy: keep editing it; a problem from the server is the truth.
      if (result.kind === 'problem' && result.problem.status === 404) forgetBranch(modelId, name)
      this.state = { status: 'failed', message: describeFailure(result) }
    }
    this.host.requestUpdate()
  }
}
