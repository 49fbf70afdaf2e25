import type { ReactiveController, ReactiveControllerHost } from 'lit'
import { describeFailure } from '../api/api-result.ts'
import { fetchMergeUpdate, mergeBranch } from '../api/branch-api.ts'
import type { Adoption } from './model-draft-controller.ts'

/** Where a confirmed merge is: on its way, done (or nothing new), or refused with nothing changed. */
export type MergeState =
  | { state: 'idle' }
  | { state: 'merging'; name: string }
  | { state: 'done'; name: string; applied: boolean }
  | { state: 'failed'; name: string; message: string }

/** What the draft's page lends a merge: its doc's sync, and its editor to take the merge as this user's. */
export interface MergeTarget {
  /** Settles once the doc holds the server's state, so the merge arrives as an update of its own. */
  whenSynced(): Promise<void>
  /** Awaits the branch's changes from the socket, to take them as this user's edit (Undo); null without an editor. */
  adopt(update: Uint8Array): Adoption | null
}

/**
 * Owns a confirmed merge on the draft's page. The server merges (the one way to merge: same role
 * check, one change by this user, the `branch.merged` audit entry and event), and the result
 * reaches the editor through sync; the editor, told the branch's changes beforehand, takes them as
 * this user's edit, so Undo takes the merge back. Offline or refused, nothing changes and the
 * reason is shown. One merge per branch and page: the address that asked for it may be seen again.
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

  /** Merges branch `name` of `modelId` into the draft that `target` shows. */
  async merge(token: string, modelId: string, name: string, target: MergeTarget): Promise<void> {
    const key = JSON.stringify([modelId, name])
    if (key === this.done) return
    this.done = key
    const generation = this.generation
    const current = () => generation === this.generation
    this.show({ state: 'merging', name })
    const changes = await fetchMergeUpdate(token, modelId, name)
    if (!current()) return
    if (!changes.ok) return this.show({ state: 'failed', name, message: describeFailure(changes) })
    await target.whenSynced()
    if (!current()) return
    const adoption = target.adopt(changes.data)
    const result = await mergeBranch(token, modelId, name)
    if (!result.ok || !result.data.applied) adoption?.cancel()
    else await adoption?.arrived
    if (!current()) return
    this.show(
      result.ok
        ? { state: 'done', name, applied: result.data.applied }
        : { state: 'failed', name, message: describeFailure(result) },
    )
  }

  private show(state: MergeState): void {
    this.state = state
    this.host.requestUpdate()
  }
}
