import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { BranchRecord, BranchSummary } from '../../shared/branch-api-schemas.ts'
import { describeFailure } from '../api/api-result.ts'
import { createBranch, listBranches } from '../api/branch-api.ts'
import { listSnapshots } from '../api/history-api.ts'
import { cacheBranch } from '../doc/branch-cache.ts'
import { WORKFLOW_EVENT_TYPES, WorkflowEventSchema } from '../../shared/workflow-event-schema.ts'

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
  private events: EventSource | null = null

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.generation++
    this.events?.close()
    this.events = null
  }

  /**
   * Loads the branches of these models, and again for a model whenever one of its branches is
   * created, merged or deleted (by anyone: the server's event stream says so).
   */
  follow(token: string, modelIds: readonly string[]): void {
    this.events?.close()
    void this.load(token, modelIds)
    const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
    this.events = events
    // Whatever happened before the stream (re)opened never arrives on it: read the lists again.
    events.addEventListener('open', () => void this.load(token, modelIds))
    for (const type of WORKFLOW_EVENT_TYPES.filter((t) => t.startsWith('branch.'))) {
      events.addEventListener(type, (event) => {
        const parsed = WorkflowEventSchema.safeParse(
          parseJson((event as MessageEvent<string>).data),
        )
        const modelId = parsed.success ? parsed.data.modelId : null
        if (modelId !== null && modelIds.includes(modelId)) void this.load(token, [modelId])
      })
    }
  }

  /** Loads the branches of these models (a model the server does not answer for keeps none). */
  private async load(token: string, modelIds: readonly string[]): Promise<void> {
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

/** The JSON in an event's data; undefined (which the schema refuses) when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
