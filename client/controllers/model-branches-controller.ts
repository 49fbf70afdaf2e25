import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { BranchRecord, BranchSummary } from '../../shared/branch-api-schemas.ts'
import { describeFailure } from '../api/api-result.ts'
import { createBranch, listBranches } from '../api/branch-api.ts'
import { listSnapshots } from '../api/history-api.ts'
import { cacheBranch } from '../doc/branch-cache.ts'

/** A snapshot a branch can be forked from. */
export interface ForkPoint {
  id: string
  label: string
}

/**
 * Owns the branches the models list shows: each model's branches, the snapshots a new branch can
 * be forked from, and creating a branch.
 */
export class ModelBranchesController implements ReactiveController {
  readonly branches = new Map<string, BranchSummary[]>()
  readonly snapshots = new Map<string, ForkPoint[]>()
  /** Why creating a branch of a model failed, by model id. */
  readonly problems = new Map<string, string>()
  busy = false

  private generation = 0

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.generation++
  }

  /** Loads the branches of these models (a model the server does not answer for keeps none). */
  async load(token: string, modelIds: readonly string[]): Promise<void> {
    const generation = this.generation
    await Promise.all(
      modelIds.map(async (id) => {
        const result = await listBranches(token, id)
        if (!result.ok || generation !== this.generation) return
        this.branches.set(id, result.data.branches)
        this.host.requestUpdate()
      }),
    )
  }

  /** Loads the snapshots a branch of the model can be forked from. */
  async loadSnapshots(token: string, modelId: string): Promise<void> {
    const result = await listSnapshots(token, modelId)
    if (!result.ok) return
    this.snapshots.set(
      modelId,
      result.data.snapshots.map(({ id, label }) => ({ id, label })),
    )
    this.host.requestUpdate()
  }

  /** Forks a branch; the branch when created, null when not (the reason is in `problems`). */
  async create(
    token: string,
    modelId: string,
    name: string,
    from: string | null,
  ): Promise<BranchRecord | null> {
    this.busy = true
    this.problems.delete(modelId)
    this.host.requestUpdate()
    const result = await createBranch(token, modelId, from === null ? { name } : { name, from })
    this.busy = false
    if (result.ok) cacheBranch(result.data)
    else this.problems.set(modelId, describeFailure(result))
    this.host.requestUpdate()
    return result.ok ? result.data : null
  }
}
