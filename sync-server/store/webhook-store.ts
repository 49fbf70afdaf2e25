import type { UserRef } from '../../shared/api-common-schemas.ts'

/** A subscriber: the server POSTs the events it names to its URL, signed with its secret. */
export interface Webhook {
  id: string
  url: string
  events: string[]
  secret: string
  createdAt: number
  createdBy: UserRef
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** One event on its way to one webhook (a row of the outbox). */
export interface Delivery {
  id: number
  webhookId: string
  eventType: string
  auditSeq: number
  /** The exact JSON text that is sent and signed, the same on every attempt. */
  body: string
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: number
  lastStatus: number | null
  lastError: string | null
  createdAt: number
  deliveredAt: number | null
}

/** A due delivery with where to send it and the key to sign it with. */
export interface DueDelivery extends Delivery {
  url: string
  secret: string
}

export interface AttemptOutcome {
  attempts: number
  at: number
  status: number | null
  error: string | null
}

export interface WebhookStore {
  insert(webhook: Webhook): Promise<void>
  /** Webhooks not deleted, oldest first. */
  list(): Promise<Webhook[]>
  get(id: string): Promise<Webhook | null>
  /** Deletes the webhook and cancels its pending deliveries; false when there was none. */
  remove(id: string, at: number): Promise<boolean>
  /** Queues the event for every webhook subscribed to `eventType`; returns how many. */
  enqueue(event: { eventType: string; auditSeq: number; body: string; at: number }): Promise<number>
  /**
   * Takes up to `limit` pending deliveries due at `now`, oldest first, and moves their next
   * attempt to `leaseUntil`: no other worker, in this process or another, takes one of them
   * until then (an attempt cut short by a crash is retried after it).
   */
  claimDue(now: number, limit: number, leaseUntil: number): Promise<DueDelivery[]>
  /** When the next pending delivery is due, or null when none is pending. */
  nextDueAt(): Promise<number | null>
  /** Gives a claimed delivery back, due at `at`, its attempt not counted (the worker stopped). */
  release(id: number, at: number): Promise<void>
  delivered(id: number, outcome: AttemptOutcome): Promise<void>
  /** A failed attempt: retried at `nextAttemptAt`, or given up (status failed) when null. */
  failed(id: number, outcome: AttemptOutcome, nextAttemptAt: number | null): Promise<void>
  /** The webhook's deliveries, newest first. */
  deliveries(webhookId: string, limit: number): Promise<Delivery[]>
}
