import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type {
  ChangeRecord,
  SnapshotRecord,
  SnapshotSummary,
} from '../../shared/model-api-schemas.ts'
import type { Model } from '../../shared/model-schema.ts'
import type {
  ProductionVersionRecord,
  PromotionCommentRecord,
  PromotionRecord,
  ShadowReport,
} from '../../shared/promotion-api-schemas.ts'
import { WORKFLOW_EVENT_TYPES, WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { describeFailure, type ApiResult } from '../api/api-result.ts'
import { fetchChanges, listSnapshots, takeSnapshot } from '../api/history-api.ts'
import {
  addComment,
  approvePromotion,
  cancelPromotion,
  fetchShadow,
  fetchVersions,
  listComments,
  listPromotions,
  rejectPromotion,
  requestPromotion,
  rollBack,
} from '../api/release-api.ts'

/** The change feed shows the newest entries; older ones stay on the server. */
const MAX_CHANGES = 200
/** Shadow figures grow with every lead production scores, which no event announces: poll them. */
const SHADOW_POLL_MS = 10_000

/**
 * Owns a model's history and release state from the server: the change feed, snapshots, promotion
 * requests and production versions, kept live by the server's event stream. Actions report their
 * outcome in `message`; `onProduction` is told when production moves (the impact baseline),
 * `onBranches` when a branch of the model is created, merged or deleted.
 */
export class ReleaseController implements ReactiveController {
  changes: ChangeRecord[] = []
  snapshots: SnapshotRecord[] = []
  promotions: PromotionRecord[] = []
  versions: ProductionVersionRecord[] = []
  currentVersion = 0
  /** The shadow figures of the pending requests, by request id. */
  shadows = new Map<string, ShadowReport>()
  /** The review threads of the open (pending or scheduled) requests, by request id. */
  comments = new Map<string, PromotionCommentRecord[]>()
  /** The outcome of the last action or load, for the panels to show. */
  message: { kind: 'error' | 'info'; text: string } | null = null
  busy = false

  private modelId = ''
  /** The doc whose change feed is shown: the model's draft, or a branch of it. */
  private docId = ''
  private token: string | null = null
  private changesAfter = 0
  private events: EventSource | null = null
  private changeTimer: ReturnType<typeof setTimeout> | undefined
  private shadowTimer: ReturnType<typeof setInterval> | undefined
  private generation = 0
  /** Loads of each list, counted: an answer overtaken by a later load is dropped. */
  private readonly loads = { snapshots: 0, release: 0, shadows: 0 }
  /** Loads of each request's thread, counted the same way. */
  private readonly threadLoads = new Map<string, number>()

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onProduction: () => void = () => {},
    private readonly onBranches: () => void = () => {},
  ) {
    host.addController(this)
  }

  /**
   * Follows a model with a token (null: nothing to ask the server); the change feed is that of
   * `docId`, the model's draft unless a branch of it is shown ('' while the branch is looked up).
   */
  open(modelId: string, token: string | null, docId: string = modelId): void {
    if (modelId === this.modelId && token === this.token && docId === this.docId) return
    this.close()
    this.modelId = modelId
    this.docId = docId
    this.token = token
    this.changes = []
    this.changesAfter = 0
    this.shadows = new Map()
    this.comments = new Map()
    if (token === null || modelId === '') return
    void this.refresh()
    this.shadowTimer = setInterval(() => {
      // Only while someone looks: a hidden tab polls nothing and catches up when shown again.
      if (document.visibilityState === 'visible') void this.loadShadows()
    }, SHADOW_POLL_MS)
    this.events = new EventSource(
      `/api/events?token=${encodeURIComponent(token)}&modelId=${encodeURIComponent(modelId)}`,
    )
    // Whatever happened before the stream (re)opened never arrives on it: read the lists again.
    this.events.addEventListener('open', () => {
      void this.loadSnapshots()
      void this.loadRelease()
    })
    // A comment changes one thread only: read that one again, not the whole release state.
    this.events.addEventListener(WORKFLOW_EVENTS.commented, (event) => {
      const requestId = commentedRequest(event)
      if (requestId !== null) void this.loadThread(requestId)
    })
    for (const type of WORKFLOW_EVENT_TYPES) {
      if (type === WORKFLOW_EVENTS.commented) continue
      this.events.addEventListener(type, () => {
        if (type === WORKFLOW_EVENTS.snapshotTaken) return void this.loadSnapshots()
        if (type.startsWith('branch.')) return this.onBranches()
        void this.loadRelease()
        if (type.startsWith('production.')) this.onProduction()
      })
    }
  }

  hostDisconnected(): void {
    this.close()
    this.modelId = ''
    this.docId = ''
    this.token = null
  }

  /** The doc changed: fetch the new change-feed entries shortly (edits come in bursts). */
  docChanged(): void {
    clearTimeout(this.changeTimer)
    this.changeTimer = setTimeout(() => void this.loadChanges(), 1000)
  }

  async refresh(): Promise<void> {
    await Promise.all([this.loadChanges(), this.loadSnapshots(), this.loadRelease()])
  }

  takeSnapshot(label: string): Promise<boolean> {
    return this.act(`Snapshot “${label}” taken.`, (token) =>
      takeSnapshot(token, this.modelId, label),
    )
  }

  /**
   * Makes a snapshot the draft again as this user's own edit (`apply` writes it into the doc), so
   * it syncs to everyone, is attributed to this user, and Undo takes it back.
   */
  restore(snapshot: SnapshotSummary, apply: (model: Model) => boolean): boolean {
    const record = this.snapshots.find((s) => s.id === snapshot.id)
    const applied = record !== undefined && apply(record.model)
    this.message = applied
      ? {
          kind: 'info',
          text: `Restored “${snapshot.label}”: the draft is that snapshot again (Undo takes it back).`,
        }
      : {
          kind: 'error',
          text: `“${snapshot.label}” could not be restored: reload the snapshots and try again.`,
        }
    this.host.requestUpdate()
    return applied
  }

  /** Requests a promotion, at once on approval or no earlier than `scheduledFor` (ISO). */
  request(snapshotId: string, note: string, scheduledFor: string | null = null): Promise<boolean> {
    return this.act('Promotion requested: another release manager can now approve it.', (token) =>
      requestPromotion(token, this.modelId, snapshotId, note, scheduledFor),
    )
  }

  approve(promotionId: string): Promise<boolean> {
    return this.act(
      (answer) =>
        'status' in answer && answer.status === 'scheduled'
          ? 'Approved: it promotes at its scheduled time, after the checks run again.'
          : 'Approved: production moved to the new version.',
      (token: string) => approvePromotion(token, promotionId),
    )
  }

  cancel(promotionId: string): Promise<boolean> {
    return this.act('Scheduled promotion cancelled: it will not promote.', (token) =>
      cancelPromotion(token, promotionId),
    )
  }

  /** Adds a comment to a request's thread; everyone following the model sees it arrive. */
  async comment(promotionId: string, body: string): Promise<boolean> {
    if (this.token === null) return false
    const result = await addComment(this.token, promotionId, body)
    this.message = result.ok ? null : { kind: 'error', text: describeFailure(result) }
    await this.loadThread(promotionId)
    return result.ok
  }

  reject(promotionId: string, reason: string): Promise<boolean> {
    return this.act('Request rejected.', (token) => rejectPromotion(token, promotionId, reason))
  }

  rollBack(toVersion: number): Promise<boolean> {
    return this.act(`Rolled back: version ${toVersion}'s model is production again.`, (token) =>
      rollBack(token, this.modelId, toVersion, this.currentVersion),
    )
  }

  private async act<T>(
    done: string | ((answer: NoInfer<T>) => string),
    call: (token: string) => Promise<ApiResult<T>>,
  ): Promise<boolean> {
    if (this.token === null) return false
    this.busy = true
    this.host.requestUpdate()
    const result = await call(this.token)
    this.busy = false
    this.message = result.ok
      ? { kind: 'info', text: typeof done === 'string' ? done : done(result.data) }
      : { kind: 'error', text: describeFailure(result) }
    await this.refresh()
    return result.ok
  }

  private async loadChanges(): Promise<void> {
    const { token, docId, generation } = this.following()
    if (token === null || docId === '') return
    const result = await fetchChanges(token, docId, this.changesAfter)
    if (generation !== this.generation) return
    if (!result.ok) return this.report(result)
    this.changesAfter = result.data.next
    this.changes = [...result.data.changes.reverse(), ...this.changes].slice(0, MAX_CHANGES)
    this.host.requestUpdate()
  }

  private async loadSnapshots(): Promise<void> {
    const { token, modelId, generation } = this.following()
    if (token === null) return
    const load = ++this.loads.snapshots
    const result = await listSnapshots(token, modelId)
    if (generation !== this.generation || load !== this.loads.snapshots) return
    if (!result.ok) return this.report(result)
    this.snapshots = result.data.snapshots
    this.host.requestUpdate()
  }

  private async loadRelease(): Promise<void> {
    const { token, modelId, generation } = this.following()
    if (token === null) return
    const load = ++this.loads.release
    const [promotions, versions] = await Promise.all([
      listPromotions(token, modelId),
      fetchVersions(token, modelId),
    ])
    if (generation !== this.generation || load !== this.loads.release) return
    if (!promotions.ok) return this.report(promotions)
    if (!versions.ok) return this.report(versions)
    this.promotions = promotions.data.promotions
    this.versions = versions.data.versions
    this.currentVersion = versions.data.current
    this.host.requestUpdate()
    void this.loadShadows()
    for (const p of this.promotions) {
      if (isOpen(p)) void this.loadThread(p.id)
    }
  }

  private async loadThread(requestId: string): Promise<void> {
    const { token, generation } = this.following()
    if (token === null) return
    const load = (this.threadLoads.get(requestId) ?? 0) + 1
    this.threadLoads.set(requestId, load)
    const result = await listComments(token, requestId)
    if (generation !== this.generation || load !== this.threadLoads.get(requestId)) return
    if (!result.ok) return this.report(result)
    this.comments = new Map(this.comments).set(requestId, result.data.comments)
    this.host.requestUpdate()
  }

  private async loadShadows(): Promise<void> {
    const { token, generation } = this.following()
    if (token === null) return
    const pending = this.promotions.filter((p) => p.status === 'pending')
    const load = ++this.loads.shadows
    const answers = await Promise.all(pending.map((p) => fetchShadow(token, p.id)))
    if (generation !== this.generation || load !== this.loads.shadows) return
    const shadows = new Map<string, ShadowReport>()
    // A request whose figures failed to load shows none until the next poll: the release list
    // reports what is wrong with the server, and the figures are only a guide.
    pending.forEach((p, i) => {
      const answer = answers[i]!
      if (answer.ok) shadows.set(p.id, answer.data)
    })
    this.shadows = shadows
    this.host.requestUpdate()
  }

  /** A failed load is shown, except offline, where the sync status already says so. */
  private report(result: ApiResult<unknown>): void {
    if (result.ok || result.kind === 'network') return
    this.message = { kind: 'error', text: describeFailure(result) }
    this.host.requestUpdate()
  }

  /** What is followed now; answers for an earlier model are dropped. */
  private following() {
    return {
      token: this.token,
      modelId: this.modelId,
      docId: this.docId,
      generation: this.generation,
    }
  }

  private close(): void {
    this.generation++
    clearTimeout(this.changeTimer)
    clearInterval(this.shadowTimer)
    this.events?.close()
    this.events = null
  }
}

/** A request whose review goes on in the release panel: not yet decided for good. */
function isOpen(p: PromotionRecord): boolean {
  return p.status === 'pending' || p.status === 'scheduled'
}

/** The request a `promotion.commented` event is about, or null when the event is not readable. */
function commentedRequest(event: Event): string | null {
  try {
    const data: unknown = JSON.parse((event as MessageEvent<string>).data)
    const details = (data as { details?: { requestId?: unknown } } | null)?.details
    return typeof details?.requestId === 'string' ? details.requestId : null
  } catch {
    // Not JSON: nothing to go on; the next release reload reads every thread anyway.
    return null
  }
}
