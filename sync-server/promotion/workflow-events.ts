import type { AuditEntry } from '../store/audit-store.ts'
import {
  WORKFLOW_EVENT_TYPES,
  WORKFLOW_EVENTS,
  type WorkflowEvent,
  type WorkflowEventType,
} from '../../shared/workflow-event-schema.ts'

/** Every action the audit log records: the workflow events and the changes that shape them. */
export const AUDIT_ACTIONS = {
  ...WORKFLOW_EVENTS,
  datasetUploaded: 'dataset.uploaded',
  datasetDeleted: 'dataset.deleted',
  referenceChosen: 'dataset.reference-chosen',
  webhookCreated: 'webhook.created',
  webhookDeleted: 'webhook.deleted',
} as const
export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]

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
