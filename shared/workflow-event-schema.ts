import { z } from 'zod'
import { IdSchema, InstantSchema, UserRefSchema } from './api-common-schemas.ts'

/** The workflow events: streamed to the UI (SSE) and sent to the webhooks that subscribe to them. */
export const WORKFLOW_EVENTS = {
  snapshotTaken: 'snapshot.taken',
  requested: 'promotion.requested',
  approved: 'promotion.approved',
  rejected: 'promotion.rejected',
  scheduled: 'promotion.scheduled',
  suspended: 'promotion.suspended',
  cancelled: 'promotion.cancelled',
  commented: 'promotion.commented',
  promoted: 'production.promoted',
  rolledBack: 'production.rolled-back',
  branchCreated: 'branch.created',
  branchMerged: 'branch.merged',
  branchDeleted: 'branch.deleted',
} as const
export type WorkflowEventType = (typeof WORKFLOW_EVENTS)[keyof typeof WORKFLOW_EVENTS]
export const WORKFLOW_EVENT_TYPES = Object.values(WORKFLOW_EVENTS) as [
  WorkflowEventType,
  ...WorkflowEventType[],
]

/** A workflow event as the UI and webhooks receive it: the audit entry that recorded it. */
export const WorkflowEventSchema = z.object({
  type: z.enum(WORKFLOW_EVENT_TYPES),
  /** The audit log seq of the entry; SSE clients resume after it (Last-Event-ID). */
  seq: z.int(),
  at: InstantSchema,
  modelId: z.string().nullable(),
  actor: UserRefSchema,
  details: z.record(z.string(), z.unknown()),
})
export type WorkflowEvent = z.infer<typeof WorkflowEventSchema>

export const EventQuerySchema = z.strictObject({
  token: z.string().optional(),
  modelId: IdSchema.optional(),
  /** Replays the workflow events after this audit seq first (as Last-Event-ID does). */
  after: z.coerce.number().int().min(0).optional(),
})
