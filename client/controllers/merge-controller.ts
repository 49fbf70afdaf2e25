import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { describeFailure } from '../api/api-result.ts'
import { fetchMergeUpdate } from '../api/branch-api.ts'

/** Where a confirmed merge is: fetching the branch's changes, done (or nothing new), or failed. */
export type MergeState =
  | { state: 'idle' }
  | { state: 'merging'; name: string }
  | { state: 'done'; name: string; applied: boolean }
  | { state: 'failed'; name: string; message: string }

/**
 * Owns a confirmed merge on the draft's page: fetches the branch's changes since its fork as a Yjs
 * update and hands it to `apply`, which writes it into the draft as this user's edit (Undo takes it
 * back). One merge per branch and page: the address that asked for it may be seen again.
 */
export class MergeController implements ReactiveController {
  state: MergeState = { state: 'idle' }

  private done = ''
  private generation = 0

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  hostDisconnected(): void {
    this.generation++
    this.done = ''
  }

  /** Merges branch `name` of `modelId` into the draft through `apply` (false: nothing new). */
  async merge(
    token: string,
    modelId: string,
    name: string,
    apply: (update: Uint8Array) => boolean,
  ): Promise<void> {
    const key = JSON.stringify([modelId, name])
    if (key === this.done) return
    this.done = key
    const generation = this.generation
    this.state = { state: 'merging', name }
    this.host.requestUpdate()
    const result = await fetchMergeUpdate(token, modelId, name)
    if (generation !== this.generation) return
    this.state = result.ok
      ? { state: 'done', name, applied: apply(result.data) }
      : { state: 'failed', name, message: describeFailure(result) }
    this.host.requestUpdate()
  }
}
