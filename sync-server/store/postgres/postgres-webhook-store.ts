import type { DeliveryStatus } from '../../../shared/webhook-api-schemas.ts'
import type { Delivery, Webhook, WebhookStore } from '../webhook-store.ts'
import type { TransactionRunner } from './postgres-doc-store.ts'
import type { PostgresSql } from './postgres-sql.ts'

interface WebhookRow {
  id: string
  url: string
  events_json: string
  secret: string
  created_at: number
  created_by_id: string
  created_by_name: string
}

interface DeliveryRow {
  id: number
  webhook_id: string
  event_type: string
  audit_seq: number
  body: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: number
  last_status: number | null
  last_error: string | null
  created_at: number
  delivered_at: number | null
}

/** Webhooks and the durable outbox of their deliveries; each attempt is claimed by one worker. */
export function createPostgresWebhookStore(
  sql: PostgresSql,
  inTransaction: TransactionRunner,
): WebhookStore {
  return {
    async insert(w) {
      await sql`
        INSERT INTO webhooks (id, url, events_json, secret, created_at, created_by_id, created_by_name)
        VALUES (${w.id}, ${w.url}, ${JSON.stringify(w.events)}, ${w.secret}, ${w.createdAt},
          ${w.createdBy.id}, ${w.createdBy.name})`
    },
    async list() {
      const rows = await sql<WebhookRow[]>`
        SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, ord`
      return rows.map(webhookFromRow)
    },
    async get(id) {
      const [row] = await sql<WebhookRow[]>`
        SELECT * FROM webhooks WHERE id = ${id} AND deleted_at IS NULL`
      return row === undefined ? null : webhookFromRow(row)
    },
    remove: (id, at) =>
      inTransaction(async (tx) => {
        const marked = await tx`
          UPDATE webhooks SET deleted_at = ${at} WHERE id = ${id} AND deleted_at IS NULL`
        if (marked.count === 0) return false
        await tx`
          UPDATE webhook_outbox SET status = 'cancelled', last_error = 'the webhook was deleted'
          WHERE webhook_id = ${id} AND status = 'pending'`
        return true
      }),
    async enqueue({ eventType, auditSeq, body, at }) {
      const result = await sql`
        INSERT INTO webhook_outbox (webhook_id, event_type, audit_seq, body, status,
          next_attempt_at, created_at)
        SELECT id, ${eventType}, ${auditSeq}, ${body}, 'pending', ${at}, ${at} FROM webhooks
        WHERE deleted_at IS NULL AND events_json::jsonb ? ${eventType}
        ORDER BY created_at, ord`
      return result.count
    },
    async claimDue(now, limit, leaseUntil) {
      // SKIP LOCKED: a delivery another instance is claiming right now is left to it.
      const rows = await sql<(DeliveryRow & { url: string; secret: string })[]>`
        WITH due AS (
          SELECT id FROM webhook_outbox
          WHERE status = 'pending' AND next_attempt_at <= ${now}
          ORDER BY next_attempt_at, id LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE webhook_outbox o SET next_attempt_at = ${leaseUntil}
        FROM due, webhooks w WHERE o.id = due.id AND w.id = o.webhook_id
        RETURNING o.*, w.url, w.secret`
      return rows
        .map((row) => ({ ...deliveryFromRow(row), url: row.url, secret: row.secret }))
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
    },
    async release(id, at) {
      await sql`
        UPDATE webhook_outbox SET next_attempt_at = ${at} WHERE id = ${id} AND status = 'pending'`
    },
    async nextDueAt() {
      const [row] = await sql<{ at: number | null }[]>`
        SELECT MIN(next_attempt_at) AS at FROM webhook_outbox WHERE status = 'pending'`
      return row?.at ?? null
    },
    async delivered(id, outcome) {
      await sql`
        UPDATE webhook_outbox SET status = 'delivered', attempts = ${outcome.attempts},
          delivered_at = ${outcome.at}, last_status = ${outcome.status}, last_error = NULL
        WHERE id = ${id} AND status = 'pending'`
    },
    async failed(id, outcome, nextAttemptAt) {
      await sql`
        UPDATE webhook_outbox SET status = ${nextAttemptAt === null ? 'failed' : 'pending'},
          attempts = ${outcome.attempts}, last_status = ${outcome.status},
          last_error = ${outcome.error}, next_attempt_at = ${nextAttemptAt ?? outcome.at}
        WHERE id = ${id} AND status = 'pending'`
    },
    async deliveries(webhookId, limit) {
      const rows = await sql<DeliveryRow[]>`
        SELECT * FROM webhook_outbox WHERE webhook_id = ${webhookId} ORDER BY id DESC LIMIT ${limit}`
      return rows.map(deliveryFromRow)
    },
  }
}

function webhookFromRow(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events_json) as string[],
    secret: row.secret,
    createdAt: row.created_at,
    createdBy: { id: row.created_by_id, name: row.created_by_name },
  }
}

function deliveryFromRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventType: row.event_type,
    auditSeq: row.audit_seq,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  }
}
