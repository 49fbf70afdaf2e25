import type { AuditEntry } from '../store/audit-store.ts'
import type { UserRef } from '../store/promotion-store.ts'

/** The workflow events: streamed to the UI (SSE) and sent to the webhooks that subscribe to them. */
export const WORKFLOW_EVENTS = {
  requested: 'promotion.requested',
  approved: 'promotion.approved',
  rejected: 'promotion.rejected',
  promoted: 'production.promoted',
  rolledBack: 'production.rolled-back',
} as const
export type WorkflowEventType = (typeof WORKFLOW_EVENTS)[keyof typeof WORKFLOW_EVENTS]
export const WORKFLOW_EVENT_TYPES = Object.values(WORKFLOW_EVENTS) as [
  WorkflowEventType,
  ...WorkflowEventType[],
]

/** Every action the audit log records: the workflow events and the changes that shape them. */
export const AUDIT_ACTIONS = {
  ...WORKFLOW_EVENTS,
  datasetUploaded: 'dataset.uploaded',
  referenceChosen: 'dataset.reference-chosen',
  webhookCreated: 'webhook.created',
  webhookDeleted: 'webhook.deleted',
} as const
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]

/** A workflow event as the UI and webhooks receive it: the audit entry that recorded it. */
export interface WorkflowEvent {
  type: WorkflowEventType
  /** The audit log seq of the entry; SSE clients resume after it (Last-Event-ID). */
  seq: number
  at: string
  modelId: string | null
  actor: UserRef
  details: Record<string, unknown>
}

/** True when the audit action is a workflow event. */
export function isWorkflowEventType(action: string): action is WorkflowEventType {
  return (WORKFLOW_EVENT_TYPES as readonly string[]).includes(action)
}

/** The event an audit entry of a workflow action stands for. */
export function toWorkflowEvent(entry: AuditEntry & { action: WorkflowEventType }): WorkflowEvent {
  return {
    type: entry.action,
    seq: entry.seq,
    at: new Date(entry.at).toISOString(),
    modelId: entry.modelId,
    actor: entry.actor,
    details: entry.details,
  }
}
