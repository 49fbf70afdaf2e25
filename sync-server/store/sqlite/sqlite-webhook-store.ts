import type Database from 'better-sqlite3'
import type { Delivery, DeliveryStatus, Webhook, WebhookStore } from '../webhook-store.ts'
import type { SyncPart } from './sqlite-gate.ts'

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

/** Webhooks and the durable outbox of their deliveries. */
export function createSqliteWebhookStore(db: Database.Database): SyncPart<WebhookStore> {
  const insert = db.prepare(
    `INSERT INTO webhooks (id, url, events_json, secret, created_at, created_by_id, created_by_name)
     VALUES (@id, @url, @eventsJson, @secret, @createdAt, @createdById, @createdByName)`,
  )
  const selectAll = db.prepare<[], WebhookRow>(
    'SELECT * FROM webhooks WHERE deleted_at IS NULL ORDER BY created_at, rowid',
  )
  const selectOne = db.prepare<[string], WebhookRow>(
    'SELECT * FROM webhooks WHERE id = ? AND deleted_at IS NULL',
  )
  const markDeleted = db.prepare<[number, string]>(
    'UPDATE webhooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL',
  )
  const cancelPending = db.prepare<[string]>(
    `UPDATE webhook_outbox SET status = 'cancelled', last_error = 'the webhook was deleted'
     WHERE webhook_id = ? AND status = 'pending'`,
  )
  const enqueue = db.prepare(
    `INSERT INTO webhook_outbox (webhook_id, event_type, audit_seq, body, status, next_attempt_at, created_at)
     SELECT id, @eventType, @auditSeq, @body, 'pending', @at, @at FROM webhooks
     WHERE deleted_at IS NULL
       AND EXISTS (SELECT 1 FROM json_each(webhooks.events_json) WHERE value = @eventType)
     ORDER BY created_at, rowid`,
  )
  const selectDue = db.prepare<[number, number], DeliveryRow & { url: string; secret: string }>(
    `SELECT o.*, w.url, w.secret FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id
     WHERE o.status = 'pending' AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?`,
  )
  const selectNextDue = db.prepare<[], { at: number | null }>(
    `SELECT MIN(next_attempt_at) AS at FROM webhook_outbox WHERE status = 'pending'`,
  )
  const markDelivered = db.prepare(
    `UPDATE webhook_outbox SET status = 'delivered', attempts = @attempts, delivered_at = @at,
       last_status = @status, last_error = NULL
     WHERE id = @id AND status = 'pending'`,
  )
  const markFailed = db.prepare(
    `UPDATE webhook_outbox SET status = @next, attempts = @attempts, last_status = @status,
       last_error = @error, next_attempt_at = @nextAttemptAt
     WHERE id = @id AND status = 'pending'`,
  )
  const selectDeliveries = db.prepare<[string, number], DeliveryRow>(
    'SELECT * FROM webhook_outbox WHERE webhook_id = ? ORDER BY id DESC LIMIT ?',
  )
  const lease = db.prepare<[number, number]>(
    `UPDATE webhook_outbox SET next_attempt_at = ? WHERE id = ? AND status = 'pending'`,
  )
  const claimDue = db.transaction((now: number, limit: number, leaseUntil: number) =>
    selectDue.all(now, limit).map((row) => {
      lease.run(leaseUntil, row.id)
      return { ...deliveryFromRow(row), url: row.url, secret: row.secret }
    }),
  )
  const remove = db.transaction((id: string, at: number): boolean => {
    if (markDeleted.run(at, id).changes === 0) return false
    cancelPending.run(id)
    return true
  })

  return {
    insert(webhook) {
      insert.run({
        id: webhook.id,
        url: webhook.url,
        eventsJson: JSON.stringify(webhook.events),
        secret: webhook.secret,
        createdAt: webhook.createdAt,
        createdById: webhook.createdBy.id,
        createdByName: webhook.createdBy.name,
      })
    },
    list: () => selectAll.all().map(webhookFromRow),
    get(id) {
      const row = selectOne.get(id)
      return row === undefined ? null : webhookFromRow(row)
    },
    remove: (id, at) => remove(id, at),
    enqueue: (event) => enqueue.run(event).changes,
    claimDue: (now, limit, leaseUntil) => claimDue(now, limit, leaseUntil),
    release: (id, at) => void lease.run(at, id),
    nextDueAt: () => selectNextDue.get()?.at ?? null,
    delivered(id, outcome) {
      markDelivered.run({ id, attempts: outcome.attempts, at: outcome.at, status: outcome.status })
    },
    failed(id, outcome, nextAttemptAt) {
      markFailed.run({
        id,
        next: nextAttemptAt === null ? 'failed' : 'pending',
        attempts: outcome.attempts,
        status: outcome.status,
        error: outcome.error,
        nextAttemptAt: nextAttemptAt ?? outcome.at,
      })
    },
    deliveries: (webhookId, limit) => selectDeliveries.all(webhookId, limit).map(deliveryFromRow),
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
