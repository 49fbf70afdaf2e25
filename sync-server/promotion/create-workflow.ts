import type { Failure, Outcome } from '../../shared/outcome.ts'
import type { Logger } from '../log/create-logger.ts'
import type { AuditEntry, NewAuditEntry } from '../store/audit-store.ts'
import type { Store, StoreTransaction } from '../store/store.ts'
import { startWebhookWorker, type WebhookWorker } from '../webhooks/start-webhook-worker.ts'
import { createCompiledModels, type CompiledModels } from '../scoring/compiled-models.ts'
import { createShadowScoring, type ShadowScoring } from '../shadow/create-shadow-scoring.ts'
import { createEventBus, type EventBus } from './event-bus.ts'
import { createReferenceData, type ReferenceData } from '../datasets/reference-data.ts'
import { isWorkflowEventType, toWorkflowEvent } from './workflow-events.ts'
import { WORKFLOW_EVENT_TYPES, type WorkflowEvent } from '../../shared/workflow-event-schema.ts'
import { DEFAULT_WORKFLOW_OPTIONS, type WorkflowOptions } from './workflow-options.ts'

/** Appends an audit entry inside the running workflow transaction. */
export type RecordAudit = (entry: NewAuditEntry) => Promise<AuditEntry>

export interface Workflow {
  readonly options: WorkflowOptions
  readonly events: EventBus
  readonly reference: ReferenceData
  readonly compiled: CompiledModels
  /** Pending requests scoring production's traffic on the side. */
  readonly shadow: ShadowScoring
  /**
   * Runs `fn` in one store transaction. The audit entries it records land in the same
   * transaction, with the webhook deliveries of workflow events, so a change, its audit entry
   * and its notifications commit together or not at all; a failure `fn` returns rolls it all
   * back. The events are published (SSE) and the outbox worker woken only once it committed.
   */
  commit<T>(
    fn: (tx: StoreTransaction, record: RecordAudit) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>>
  /**
   * Publishes the workflow events other instances committed since the last call (read from the
   * audit log, which is the truth), so every instance's event streams see every event.
   */
  relayCommitted(): Promise<void>
  /** Starts delivering webhooks from the outbox (the server does once it listens). */
  startDeliveries(): void
  /** Stores the shadow tallies, stops deliveries and ends the event streams. */
  stop(): Promise<void>
}

/** The shared state of promotion, scoring and notifications for one server. */
export function createWorkflow(
  store: Store,
  log: Logger,
  overrides: Partial<WorkflowOptions> = {},
): Workflow {
  const options = { ...DEFAULT_WORKFLOW_OPTIONS, ...overrides }
  const events = createEventBus()
  let worker: WebhookWorker | null = null
  // The audit seq the relay has read up to (null: not yet, start from the end of the log), and
  // the relays in turn: each reads after the one before it finished.
  let relayedUpTo: number | null = null
  let relaying: Promise<void> = Promise.resolve()
  const readNew = async (after: number) =>
    store.audit.list({ actions: WORKFLOW_EVENT_TYPES, after, limit: 1000 })
  let stopped = false
  const shadow = createShadowScoring({ store, events, log, flushMs: options.shadowFlushMs })
  const relayCommitted = (): Promise<void> => {
    const relay = async () => {
      if (relayedUpTo === null) {
        // Events from before this instance started are history, not news.
        let end = 0
        for (let page = await readNew(0); page.length > 0; page = await readNew(end)) {
          end = page.at(-1)!.seq
        }
        relayedUpTo = end
        return
      }
      for (let page = await readNew(relayedUpTo); page.length > 0;) {
        for (const entry of page) {
          relayedUpTo = entry.seq
          if (isWorkflowEventType(entry.action)) {
            events.publish(toWorkflowEvent({ ...entry, action: entry.action }))
          }
        }
        page = await readNew(relayedUpTo)
      }
    }
    relaying = relaying.then(relay, relay)
    return relaying
  }
  return {
    options,
    events,
    reference: createReferenceData(store),
    compiled: createCompiledModels(),
    shadow,
    async commit(fn) {
      const published: WorkflowEvent[] = []
      let outcome
      try {
        outcome = await store.transaction(async (tx) => {
          published.length = 0
          const result = await fn(tx, async (entry) => {
            const appended = await tx.audit.append(entry)
            if (isWorkflowEventType(appended.action)) {
              const event = toWorkflowEvent({ ...appended, action: appended.action })
              await tx.webhooks.enqueue({
                eventType: event.type,
                auditSeq: event.seq,
                body: JSON.stringify(event),
                at: entry.at,
              })
              published.push(event)
            }
            return appended
          })
          if (!result.ok) throw new RolledBack(result)
          return result
        })
      } catch (error) {
        if (error instanceof RolledBack) return error.failure
        throw error
      }
      const last = published.at(-1)
      if (store.signals === null) {
        for (const event of published) events.publish(event)
      } else if (last !== undefined) {
        // With other writers, events go out in audit order through the relay, own ones included:
        // publishing ours at once could put them before an earlier one of another instance.
        await relayCommitted()
        await store.signals.workflowCommitted(last.seq).catch((error: unknown) => {
          // The others' fallback read finds the entries anyway; the signal only hurries them.
          log.warn('workflow signal failed', { error })
        })
      }
      if (published.length > 0) worker?.kick()
      return outcome
    },
    relayCommitted,
    startDeliveries() {
      if (worker !== null || stopped) return
      worker = startWebhookWorker({
        store,
        log,
        retryBaseMs: options.webhookRetryBaseMs,
        maxRetryDelayMs: options.webhookMaxRetryDelayMs,
        maxAttempts: options.webhookMaxAttempts,
        timeoutMs: options.webhookTimeoutMs,
        pollMs: options.webhookPollMs,
        allowPrivate: options.webhookAllowPrivate,
      })
    },
    async stop() {
      stopped = true
      await shadow.stop()
      events.close()
      await worker?.stop()
    },
  }
}

/** Carries a failure out of the transaction it rolls back. */
class RolledBack extends Error {
  constructor(readonly failure: Failure) {
    super(failure.detail)
  }
}
