import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { fetchProduction } from '../api/fetch-production.ts'
import { cacheProduction, readCachedProduction } from '../doc/production-cache.ts'

/**
 * What the draft is compared with in the impact preview: the production model when there is one
 * (the last one seen when offline), else the model as it was when opened, or a draft the analyst
 * pinned. Calls `apply` with each new baseline.
 */
export class BaselineController implements ReactiveController {
  /** Says in words what the draft is compared with. */
  label = 'the model as opened'

  private pinned = false
  private hasModel = false
  private load = 0

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly apply: (model: unknown) => void,
  ) {
    host.addController(this)
  }

  hostDisconnected(): void {
    // A production answer arriving after the page closed must not touch the next model's baseline.
    this.load++
  }

  /** Starts over for a model: production when the server (or the cache) has it. */
  async loadFor(modelId: string, token: string | null): Promise<void> {
    const load = ++this.load
    this.pinned = false
    this.hasModel = false
    const cached = readCachedProduction(modelId)
    if (cached)
      this.use(
        cached.model,
        `production v${cached.version} (last seen ${new Date(cached.seenAt).toLocaleString()})`,
      )
    if (token === null) return
    const result = await fetchProduction(token, modelId)
    if (load !== this.load || this.pinned) return
    if (result.ok) {
      cacheProduction(modelId, result.data, Date.now())
      this.use(result.data.model, `production v${result.data.version}`)
    }
    // Not in production yet, or offline without a cached version: the first draft seen is the baseline.
  }

  /** The draft as first seen becomes the baseline when there is no production model. */
  offerDraft(input: unknown): void {
    if (!this.hasModel) this.use(input, `the model as opened at ${new Date().toLocaleTimeString()}`)
  }

  /** Pins the current draft as the baseline ("compare with this draft"). */
  pin(input: unknown): void {
    this.pinned = true
    this.use(input, `the draft as of ${new Date().toLocaleTimeString()}`)
  }

  private use(model: unknown, label: string): void {
    this.hasModel = true
    this.label = label
    this.apply(model)
    this.host.requestUpdate()
  }
}
