import type { Logger } from '../log/create-logger.ts'
import type { AuditEntry, NewAuditEntry } from '../store/audit-store.ts'
import type { Store } from '../store/open-store.ts'
import { startWebhookWorker, type WebhookWorker } from '../webhooks/start-webhook-worker.ts'
import { createCompiledModels, type CompiledModels } from './compiled-models.ts'
import { createEventBus, type EventBus } from './event-bus.ts'
import { createReferenceData, type ReferenceData } from './reference-data.ts'
import type { WorkflowEvent } from '../../shared/workflow-event-schema.ts'
import { isWorkflowEventType, toWorkflowEvent } from './workflow-events.ts'
import { DEFAULT_WORKFLOW_OPTIONS, type WorkflowOptions } from './workflow-options.ts'

/** Appends an audit entry inside the running workflow transaction. */
export type RecordAudit = (entry: NewAuditEntry) => AuditEntry

export interface Workflow {
  readonly options: WorkflowOptions
  readonly events: EventBus
  readonly reference: ReferenceData
  readonly compiled: CompiledModels
  /**
   * Runs `fn` in one SQLite transaction. The audit entries it records land in the same
   * transaction, with the webhook deliveries of workflow events, so a change, its audit entry
   * and its notifications commit together or not at all; the events are published (SSE) and the
   * outbox worker woken only once the transaction committed.
   */
  commit<T>(fn: (record: RecordAudit) => T): T
  /** Starts delivering webhooks from the outbox (the server does once it listens). */
  startDeliveries(): void
  /** Stops deliveries and ends the event streams. */
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
  let stopped = false
  return {
    options,
    events,
    reference: createReferenceData(store),
    compiled: createCompiledModels(),
    commit(fn) {
      const published: WorkflowEvent[] = []
      const result = store.transaction(() => {
        published.length = 0
        return fn((entry) => {
          const appended = store.audit.append(entry)
          if (isWorkflowEventType(appended.action)) {
            const event = toWorkflowEvent({ ...appended, action: appended.action })
            store.webhooks.enqueue({
              eventType: event.type,
              auditSeq: event.seq,
              body: JSON.stringify(event),
              at: entry.at,
            })
            published.push(event)
          }
          return appended
        })
      })
      for (const event of published) events.publish(event)
      if (published.length > 0) worker?.kick()
      return result
    },
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
      events.close()
      await worker?.stop()
    },
  }
}
