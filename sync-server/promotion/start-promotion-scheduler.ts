import type { Logger } from '../log/create-logger.ts'
import { WORKFLOW_EVENTS } from '../../shared/workflow-event-schema.ts'
import { settleDuePromotion } from './settle-due-promotion.ts'
import type { WorkflowContext } from './workflow-context.ts'

export interface PromotionScheduler {
  /** Settles every due scheduled request now, then sets the timer for the next one. */
  check(): Promise<void>
  /** Stops the timer; a check in progress finishes first. */
  stop(): Promise<void>
}

/** Due requests settled per store read. */
const BATCH = 20

/**
 * Promotes scheduled requests when they are due. It checks at start (a restart that spans a due
 * time promotes at once), on a timer set for the earliest due request, whenever a request is
 * scheduled (here, or on another instance: their events are relayed), and every
 * `schedulePollMs` besides. Every instance may check at once: settleDuePromotion lets exactly
 * one of them settle each request.
 */
export function startPromotionScheduler(
  ctx: Pick<WorkflowContext, 'store' | 'workflow'>,
  log: Logger,
): PromotionScheduler {
  const { store, workflow } = ctx
  const { now, schedulePollMs } = workflow.options
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let checking: Promise<void> = Promise.resolve()

  const settleDue = async (): Promise<number> => {
    let settled = 0
    for (let due = await store.promotions.listDue(now(), BATCH); ;) {
      for (const request of due) {
        const outcome = await settleDuePromotion(ctx, request.id)
        if (outcome.ok && outcome.value !== null) {
          settled++
          const { status, request: r } = outcome.value
          log.info('scheduled promotion settled', { requestId: r.id, modelId: r.modelId, status })
        }
      }
      // A full batch may have more behind it; one that settled nothing would only repeat itself.
      if (due.length < BATCH || settled === 0) return settled
      due = await store.promotions.listDue(now(), BATCH)
    }
  }

  const arm = async (): Promise<void> => {
    const next = await store.promotions.nextDueAt()
    if (stopped) return
    const wait =
      next === null ? schedulePollMs : Math.min(Math.max(0, next - now()), schedulePollMs)
    clearTimeout(timer)
    timer = setTimeout(() => void check(), wait)
    // The schedule lives in the store: a pending timer must not keep a process alive that exits.
    timer.unref()
  }

  const runCheck = async (): Promise<void> => {
    if (stopped) return
    clearTimeout(timer)
    try {
      await settleDue()
    } catch (error) {
      // The store may be briefly unreachable; the timer below tries again.
      log.error('scheduled promotion check failed', { error })
    }
    try {
      await arm()
    } catch (error) {
      log.error('scheduled promotion timer not set', { error })
      if (!stopped) timer = setTimeout(() => void check(), schedulePollMs).unref()
    }
  }

  function check(): Promise<void> {
    checking = checking.then(runCheck)
    return checking
  }

  const unsubscribe = workflow.events.subscribe(
    (event) => {
      if (event.type === WORKFLOW_EVENTS.scheduled) void check()
    },
    () => {},
  )
  void check()

  return {
    check,
    async stop() {
      stopped = true
      unsubscribe()
      clearTimeout(timer)
      await checking
    },
  }
}
