import { compileModel, type CompiledModel } from '../../engine/compile-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import type { ScoreResult } from '../../shared/score-result-schema.ts'
import type { Logger } from '../log/create-logger.ts'
import type { EventBus } from '../promotion/event-bus.ts'
import type { ShadowTally } from '../store/shadow-store.ts'
import type { Store } from '../store/store.ts'
import { emptyShadowTally, mergeShadowTallies, tallyShadowLead } from './shadow-tally.ts'

export interface ShadowScoring {
  /**
   * Production scored `leads` of `modelId` at `asOf`, giving `results`: each pending request of
   * the model scores them too, later, never in the caller's time (a queue drained after I/O).
   */
  observe(
    modelId: string,
    leads: readonly Lead[],
    asOf: number,
    results: readonly ScoreResult[],
  ): void
  /** Scores what is queued and adds every tally to the store. */
  flush(): Promise<void>
  /** Flushes a last time and stops (shutdown, before the store closes). */
  stop(): Promise<void>
}

export interface ShadowScoringDeps {
  store: Store
  events: EventBus
  log: Logger
  /** How often tallies are added to the store. */
  flushMs: number
}

/** A pending request's snapshot, compiled once for as long as it stays pending. */
interface Candidate {
  requestId: string
  compiled: CompiledModel
}

interface Observation {
  modelId: string
  leads: readonly Lead[]
  asOf: number
  results: readonly ScoreResult[]
  at: number
}

/** A model's pending requests are read again this long after the last read at the latest. */
const PENDING_TTL_MS = 5000
/** Leads waiting for shadow scoring beyond which more are not shadowed (the server is overloaded). */
const MAX_QUEUED_LEADS = 200_000

/**
 * Shadow scoring of pending promotion requests: each lead production scores is scored with the
 * candidate snapshots of its model off the response path, tallied in memory and added to the
 * store every `flushMs` and at shutdown, so the figures survive restarts and add up across
 * instances. A request's cache entry goes when the request leaves pending.
 */
export function createShadowScoring({
  store,
  events,
  log,
  flushMs,
}: ShadowScoringDeps): ShadowScoring {
  const pending = new Map<string, { until: number; candidates: Candidate[] }>()
  const compiled = new Map<string, { modelId: string; compiled: CompiledModel }>()
  const tallies = new Map<string, { tally: ShadowTally; observedAt: number }>()
  let queue: Observation[] = []
  let queuedLeads = 0
  let scheduled = false
  let dropping = false
  let working: Promise<void> = Promise.resolve()
  // Counts the events that made a read of pending requests stale, so one read before an event
  // is not cached after it.
  let changes = 0
  let stopped = false
  let flushing: Promise<void> = Promise.resolve()

  const unsubscribe = events.subscribe(
    (event) => {
      // A request made, decided or withdrawn: read the model's pending requests again, and store
      // what was scored so far, so that leads from before a decision are not held in one tally
      // with leads from after it (the store refuses such a tally whole).
      if (event.modelId !== null && event.type.startsWith('promotion.')) {
        pending.delete(event.modelId)
        changes++
        void flush()
      }
    },
    () => {},
  )

  const candidatesOf = async (modelId: string, now: number): Promise<Candidate[]> => {
    const known = pending.get(modelId)
    if (known !== undefined && known.until > now) return known.candidates
    const readAt = changes
    const requests = await store.promotions.list({ modelId, status: 'pending', limit: 100 })
    const candidates: Candidate[] = []
    for (const request of requests) {
      let entry = compiled.get(request.id)
      if (entry === undefined) {
        const snapshot = await store.snapshots.get(modelId, request.snapshotId)
        if (snapshot === null) continue
        entry = { modelId, compiled: compileModel(snapshot.model) }
        compiled.set(request.id, entry)
      }
      candidates.push({ requestId: request.id, compiled: entry.compiled })
    }
    const ids = new Set(candidates.map((c) => c.requestId))
    for (const [id, entry] of compiled) {
      if (entry.modelId === modelId && !ids.has(id)) compiled.delete(id)
    }
    if (readAt === changes) pending.set(modelId, { until: now + PENDING_TTL_MS, candidates })
    return candidates
  }

  const score = async (batch: Observation[]) => {
    for (const { modelId, leads, asOf, results, at } of batch) {
      const candidates = await candidatesOf(modelId, at)
      for (const { requestId, compiled: model } of candidates) {
        let entry = tallies.get(requestId)
        if (entry === undefined) {
          entry = { tally: emptyShadowTally(), observedAt: at }
          tallies.set(requestId, entry)
        }
        entry.observedAt = Math.max(entry.observedAt, at)
        for (let i = 0; i < leads.length; i++) {
          const lead = leads[i]!
          tallyShadowLead(
            entry.tally,
            () => labelOf(lead, i),
            results[i]!,
            scoreLead(model, lead, { asOf }),
          )
        }
      }
    }
  }

  const drain = (): Promise<void> => {
    scheduled = false
    const batch = queue
    queue = []
    const leads = batch.reduce((sum, o) => sum + o.leads.length, 0)
    working = working.then(() =>
      score(batch)
        .catch((error: unknown) => {
          log.warn('shadow scoring failed; these leads are not shadowed', { error })
        })
        .finally(() => {
          queuedLeads -= leads
          if (queuedLeads < MAX_QUEUED_LEADS / 2) dropping = false
        }),
    )
    return working
  }

  const flush = (): Promise<void> => {
    const run = async () => {
      await drain()
      for (const [requestId, entry] of [...tallies]) {
        tallies.delete(requestId)
        try {
          const added = await store.shadow.add(requestId, entry.tally, entry.observedAt)
          if (!added) compiled.delete(requestId)
        } catch (error) {
          log.warn('shadow figures not stored; retrying with the next flush', { requestId, error })
          const later = tallies.get(requestId)
          tallies.set(
            requestId,
            later === undefined
              ? entry
              : {
                  tally: mergeShadowTallies(entry.tally, later.tally),
                  observedAt: later.observedAt,
                },
          )
        }
      }
    }
    flushing = flushing.then(run, run)
    return flushing
  }

  const timer = setInterval(() => void flush(), flushMs)
  // Tallies are flushed at shutdown: the timer alone never keeps the process alive.
  timer.unref()

  return {
    observe(modelId, leads, asOf, results) {
      if (stopped) return
      const now = Date.now()
      const known = pending.get(modelId)
      if (known !== undefined && known.candidates.length === 0 && known.until > now) return
      if (queuedLeads + leads.length > MAX_QUEUED_LEADS) {
        if (!dropping) log.warn('shadow scoring is behind; leads are scored without a shadow')
        dropping = true
        return
      }
      queue.push({ modelId, leads, asOf, results, at: now })
      queuedLeads += leads.length
      if (!scheduled) {
        scheduled = true
        setImmediate(drain)
      }
    },
    flush,
    async stop() {
      stopped = true
      clearInterval(timer)
      unsubscribe()
      await flush()
    },
  }
}

/** How a mover is named: the lead's `id`, else its `email`, else its place in its request. */
function labelOf(lead: Lead, index: number): string {
  for (const field of ['id', 'email']) {
    const value = Object.hasOwn(lead, field) ? lead[field] : undefined
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') {
      return String(value)
    }
  }
  return `#${index + 1}`
}
