import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { BranchSummary } from '../../shared/branch-api-schemas.ts'
import type { SnapshotRecord } from '../../shared/model-api-schemas.ts'
import { isEmptyModelInput, readModelInput } from '../../shared/model-doc.ts'
import { listBranches } from '../api/branch-api.ts'
import { openModelSession, type ModelSession } from '../doc/open-model-session.ts'

/** The two sides of the impact preview and the backtest. */
export type CompareRole = 'baseline' | 'candidate'

/** One model the analyst can compare, as a select option. */
export interface CompareOption {
  value: string
  label: string
}

/**
 * The sources of a model, as option values: the doc being edited (`editing`), production (or, until
 * there is one, the model as opened or the draft pinned by "Compare with this draft"), another doc
 * followed live (`doc:<id>`: the draft, or a branch) and a snapshot (`snapshot:<id>`).
 */
export const EDITING = 'editing'
export const PRODUCTION = 'production'
const DOC = 'doc:'
const SNAPSHOT = 'snapshot:'

/** Where the page is: the model, the doc open in the editor, and how to reach the server. */
export interface CompareContext {
  modelId: string
  /** The doc being edited: the model's id, or a branch's id. */
  docId: string
  token: string | null
  syncUrl: string | null
}

/**
 * Owns what the impact preview and the backtest compare: a baseline and a candidate, each picked
 * from the doc being edited, the draft, any branch, any snapshot or production (by default the
 * doc being edited against production). Docs other than the one edited are followed live, in a
 * session of their own; `send` gets each role's model whenever it changes.
 */
export class CompareController implements ReactiveController {
  baseline = PRODUCTION
  candidate = EDITING
  branches: BranchSummary[] = []
  snapshots: readonly SnapshotRecord[] = []
  /** Says in words what production stands for now (see BaselineController). */
  productionLabel = 'production'

  private context: CompareContext = { modelId: '', docId: '', token: null, syncUrl: null }
  private readonly latest = new Map<string, unknown>()
  private readonly followed = new Map<string, ModelSession>()
  private generation = 0

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly send: (role: CompareRole, model: unknown) => void,
  ) {
    host.addController(this)
  }

  /** Follows a page; a new doc starts over from the defaults. */
  open(context: CompareContext): void {
    const before = this.context
    if (
      before.modelId === context.modelId &&
      before.docId === context.docId &&
      before.token === context.token &&
      before.syncUrl === context.syncUrl
    )
      return
    const sameDoc = before.modelId === context.modelId && before.docId === context.docId
    this.context = context
    if (!sameDoc) {
      this.baseline = PRODUCTION
      this.candidate = EDITING
      this.branches = []
      this.latest.clear()
    }
    this.closeFollowed()
    this.follow()
    void this.loadBranches()
  }

  hostDisconnected(): void {
    this.generation++
    this.closeFollowed()
    this.context = { modelId: '', docId: '', token: null, syncUrl: null }
  }

  /** The snapshots of the model (with their content), as the history lists them. */
  setSnapshots(snapshots: readonly SnapshotRecord[]): void {
    if (snapshots === this.snapshots) return
    this.snapshots = snapshots
    for (const snapshot of snapshots) this.offer(SNAPSHOT + snapshot.id, snapshot.model)
  }

  /** The models that can be compared, the doc being edited first and production last. */
  get options(): CompareOption[] {
    const { modelId, docId } = this.context
    const onBranch = docId !== modelId
    const editing = this.branches.find((b) => b.branchId === docId)
    const options: CompareOption[] = [
      {
        value: EDITING,
        label: onBranch ? `this branch${editing ? ` “${editing.name}”` : ''}` : 'the draft',
      },
    ]
    if (onBranch) options.push({ value: DOC + modelId, label: 'the draft' })
    for (const branch of this.branches) {
      if (branch.branchId !== docId)
        options.push({ value: DOC + branch.branchId, label: `branch “${branch.name}”` })
    }
    for (const snapshot of this.snapshots)
      options.push({ value: SNAPSHOT + snapshot.id, label: `snapshot “${snapshot.label}”` })
    options.push({ value: PRODUCTION, label: this.productionLabel })
    // A choice whose source went away (a deleted branch) stays listed until another is picked.
    for (const value of [this.baseline, this.candidate]) {
      if (!options.some((o) => o.value === value)) options.push({ value, label: 'gone' })
    }
    return options
  }

  /** Says in words what a role compares. */
  labelOf(role: CompareRole): string {
    const value = role === 'baseline' ? this.baseline : this.candidate
    return this.options.find((o) => o.value === value)?.label ?? value
  }

  /** Picks a role's model; other docs are followed live from now on. */
  choose(role: CompareRole, value: string): void {
    if (role === 'baseline') this.baseline = value
    else this.candidate = value
    this.follow()
    if (this.latest.has(value)) this.send(role, this.latest.get(value))
    this.host.requestUpdate()
  }

  /** A source's model changed (the doc being edited, production, …): passed on to the roles on it. */
  offer(source: string, model: unknown): void {
    this.latest.set(source, model)
    if (this.baseline === source) this.send('baseline', model)
    if (this.candidate === source) this.send('candidate', model)
  }

  /** Refreshes the list of branches (after one was created or deleted). */
  async loadBranches(): Promise<void> {
    const { modelId, token } = this.context
    if (token === null || modelId === '') return
    const generation = this.generation
    const result = await listBranches(token, modelId)
    // Offline: the branches known so far stay listed; their docs come from this browser.
    if (!result.ok || generation !== this.generation || modelId !== this.context.modelId) return
    this.branches = result.data.branches
    this.host.requestUpdate()
  }

  /** Opens the docs the roles compare, closes those no role compares any more. */
  private follow(): void {
    const wanted = new Set(
      [this.baseline, this.candidate]
        .filter((v) => v.startsWith(DOC))
        .map((v) => v.slice(DOC.length)),
    )
    for (const [docId, session] of this.followed) {
      if (wanted.has(docId)) continue
      this.followed.delete(docId)
      void session.destroy()
    }
    const { token, syncUrl } = this.context
    for (const docId of wanted) {
      if (this.followed.has(docId)) continue
      const session = openModelSession({ modelId: docId, token, syncUrl })
      // Following a doc to compare with it is not being there: no presence in its room.
      session.awareness.setLocalState(null)
      this.followed.set(docId, session)
      const read = () => {
        const input = readModelInput(session.doc)
        if (!isEmptyModelInput(input)) this.offer(DOC + docId, input)
      }
      session.doc.on('update', read)
      void session.whenLocal.then(read)
    }
  }

  private closeFollowed(): void {
    for (const session of this.followed.values()) void session.destroy()
    this.followed.clear()
  }
}
