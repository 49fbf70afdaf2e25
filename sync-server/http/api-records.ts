import type { z } from 'zod'
import type { AuditEntry } from '../store/audit-store.ts'
import type { DatasetInfo } from '../store/dataset-store.ts'
import type { ProductionVersion } from '../store/production-store.ts'
import type { PromotionComment } from '../store/promotion-comment-store.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { Snapshot } from '../store/snapshot-store.ts'
import type { Delivery, Webhook } from '../store/webhook-store.ts'
import type { AuditEntrySchema } from '../../shared/audit-api-schemas.ts'
import type { DatasetInfoSchema } from '../../shared/dataset-api-schemas.ts'
import type {
  ProductionRecordSchema,
  ProductionVersionSchema,
  PromotionCommentSchema,
  PromotionRecordSchema,
} from '../../shared/promotion-api-schemas.ts'
import type { DeliverySchema, WebhookSchema } from '../../shared/webhook-api-schemas.ts'
import type { WorkflowEventType } from '../../shared/workflow-event-schema.ts'

/** The API shapes of stored records: instants as ISO strings, secrets left out. */

const iso = (ms: number): string => new Date(ms).toISOString()
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms))

/** A promotion request; `currentVersion` tells whether a waiting one went stale. */
export function toPromotionRecord(
  request: PromotionRequest,
  currentVersion: number,
): z.infer<typeof PromotionRecordSchema> {
  const waiting = request.status === 'pending' || request.status === 'scheduled'
  return {
    ...request,
    asOf: iso(request.asOf),
    stale: waiting && request.basedOnVersion !== currentVersion,
    requestedAt: iso(request.requestedAt),
    decidedAt: isoOrNull(request.decidedAt),
    scheduledFor: isoOrNull(request.scheduledFor),
    settledAt: isoOrNull(request.settledAt),
  }
}

export function toCommentRecord(comment: PromotionComment): z.infer<typeof PromotionCommentSchema> {
  return { ...comment, at: iso(comment.at) }
}

export function toVersionRecord(
  version: ProductionVersion,
): z.infer<typeof ProductionVersionSchema> {
  return { ...version, promotedAt: iso(version.promotedAt) }
}

/** The production record: the version and the exact model it made production. */
export function toProductionRecord(
  version: ProductionVersion,
  snapshot: Snapshot,
): z.infer<typeof ProductionRecordSchema> {
  return { ...toVersionRecord(version), model: snapshot.model }
}

export function toAuditRecord(entry: AuditEntry): z.infer<typeof AuditEntrySchema> {
  return { ...entry, at: iso(entry.at) }
}

export function toDatasetRecord(info: DatasetInfo): z.infer<typeof DatasetInfoSchema> {
  return { ...info, builtin: false, createdAt: iso(info.createdAt) }
}

export function toWebhookRecord(webhook: Webhook): z.infer<typeof WebhookSchema> {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events as WorkflowEventType[],
    createdAt: iso(webhook.createdAt),
    createdBy: webhook.createdBy,
  }
}

export function toDeliveryRecord(delivery: Delivery): z.infer<typeof DeliverySchema> {
  return {
    id: delivery.id,
    eventType: delivery.eventType,
    auditSeq: delivery.auditSeq,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? iso(delivery.nextAttemptAt) : null,
    lastStatus: delivery.lastStatus,
    lastError: delivery.lastError,
    createdAt: iso(delivery.createdAt),
    deliveredAt: isoOrNull(delivery.deliveredAt),
  }
}
