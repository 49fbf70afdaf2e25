import { z } from 'zod'
import { InstantSchema, UserRefSchema } from './api-common-schemas.ts'
import { WORKFLOW_EVENT_TYPES } from './workflow-event-schema.ts'

/** The body and answers of the webhook endpoints. */

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'cancelled'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const WebhookBodySchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  events: z.array(z.enum(WORKFLOW_EVENT_TYPES)).min(1).max(WORKFLOW_EVENT_TYPES.length),
  /** The HMAC key deliveries are signed with; at least 16 characters. */
  secret: z.string().min(16).max(500),
})

export const WebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WORKFLOW_EVENT_TYPES)),
  createdAt: InstantSchema,
  createdBy: UserRefSchema,
})

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSchema) })

export const DeliverySchema = z.object({
  id: z.int(),
  eventType: z.string(),
  auditSeq: z.int(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.int(),
  nextAttemptAt: InstantSchema.nullable(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: InstantSchema,
  deliveredAt: InstantSchema.nullable(),
})

export const DeliveryListSchema = z.object({ deliveries: z.array(DeliverySchema) })
