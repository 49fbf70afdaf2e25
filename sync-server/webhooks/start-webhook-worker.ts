import type { Logger } from '../log/create-logger.ts'
import type { Store } from '../store/store.ts'
import type { DueDelivery } from '../store/webhook-store.ts'
import { classifyDeliveryError, DELIVERY_ERRORS, statusClass } from './classify-delivery-error.ts'
import { postWebhook } from './post-webhook.ts'
import { signWebhookBody, WEBHOOK_HEADERS } from './sign-webhook-body.ts'

export interface WebhookWorkerOptions {
  store: Store
  log: Logger
  retryBaseMs: number
  maxRetryDelayMs: number
  maxAttempts: number
  timeoutMs: number
  pollMs: number
  /** Deliver to loopback, private and link-local addresses too (WEBHOOK_ALLOW_PRIVATE=1). */
  allowPrivate: boolean
}

export interface WebhookWorker {
  /** Looks at the outbox now (called after a transaction queued deliveries). */
  kick(): void
  /** Stops delivering; an attempt in flight is abandoned and stays pending for the next start. */
  stop(): Promise<void>
}

/** Deliveries sent at once. */
const BATCH = 16
/** How long past its timeout an attempt stays claimed (a slow store write after the answer). */
const LEASE_MARGIN_MS = 30_000

/**
 * Delivers the outbox: every pending delivery that is due is POSTed, signed; a 2xx marks it
 * delivered, anything else schedules a retry with exponential backoff until its attempts run
 * out. The state lives in the store, so a restart picks up exactly where the last run stopped
 * (a delivery may then arrive twice; its `x-scoring-delivery` id lets the receiver tell).
 */
export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const { store, log } = options
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | null = null
  let again = false

  const schedule = async () => {
    if (stopping.signal.aborted) return
    clearTimeout(timer)
    const next = await store.webhooks.nextDueAt()
    if (stopping.signal.aborted) return
    const wait =
      next === null ? options.pollMs : Math.min(Math.max(0, next - Date.now()), options.pollMs)
    timer = setTimeout(kick, wait)
    // Deliveries are durable: a pending timer must not keep a process alive that wants to exit.
    timer.unref()
  }

  function kick(): void {
    if (stopping.signal.aborted) return
    if (running !== null) {
      again = true
      return
    }
    running = drain()
      .catch((error: unknown) => log.error('webhook delivery loop failed', { error }))
      .finally(() => {
        running = null
        if (again) {
          again = false
          kick()
        } else {
          schedule().catch((error: unknown) => {
            log.error('webhook outbox could not be read', { error })
            timer = setTimeout(kick, options.pollMs)
            timer.unref()
          })
        }
      })
  }

  async function drain(): Promise<void> {
    while (!stopping.signal.aborted) {
      const now = Date.now()
      // Leased past the attempt's timeout: another worker never sends the same attempt.
      const leaseUntil = now + options.timeoutMs + LEASE_MARGIN_MS
      const due = await store.webhooks.claimDue(now, BATCH, leaseUntil)
      if (due.length === 0) return
      await Promise.all(due.map(deliver))
    }
  }

  async function deliver(delivery: DueDelivery): Promise<void> {
    const attempts = delivery.attempts + 1
    let status: number | null = null
    let error: string | null = null
    const timeout = AbortSignal.timeout(options.timeoutMs)
    try {
      status = await postWebhook({
        url: delivery.url,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'scoring-playground-webhooks',
          [WEBHOOK_HEADERS.signature]: signWebhookBody(delivery.secret, delivery.body, Date.now()),
          [WEBHOOK_HEADERS.event]: delivery.eventType,
          [WEBHOOK_HEADERS.delivery]: String(delivery.id),
        },
        body: delivery.body,
        signal: AbortSignal.any([stopping.signal, timeout]),
        allowPrivate: options.allowPrivate,
      })
      if (status >= 200 && status < 300) {
        await store.webhooks.delivered(delivery.id, {
          attempts,
          at: Date.now(),
          status,
          error: null,
        })
        log.info('webhook delivered', { delivery: delivery.id, attempts, status })
        return
      }
      error = statusClass(status)
    } catch (caught) {
      // Shutting down: the attempt did not finish, so it does not count; the next start retries.
      if (stopping.signal.aborted) {
        await store.webhooks.release(delivery.id, Date.now())
        return
      }
      error = classifyDeliveryError(caught, timeout.aborted)
    }
    const final = attempts >= options.maxAttempts || error === DELIVERY_ERRORS.credentialsInUrl
    const next = final ? null : Date.now() + backoff(attempts)
    await store.webhooks.failed(delivery.id, { attempts, at: Date.now(), status, error }, next)
    log.warn(next === null ? 'webhook delivery given up' : 'webhook delivery failed', {
      delivery: delivery.id,
      attempts,
      error,
    })
  }

  const backoff = (attempts: number) =>
    Math.min(options.maxRetryDelayMs, options.retryBaseMs * 2 ** (attempts - 1))

  kick()
  return {
    kick,
    async stop() {
      stopping.abort()
      clearTimeout(timer)
      await running
    },
  }
}
