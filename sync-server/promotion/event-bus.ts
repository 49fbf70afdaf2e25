import type { WorkflowEvent } from '../../shared/workflow-event-schema.ts'

export type EventListener = (event: WorkflowEvent) => void

export interface EventBus {
  publish(event: WorkflowEvent): void
  /** Calls `listener` with every event published from now on; returns the unsubscribe. */
  subscribe(listener: EventListener, onClose: () => void): () => void
  /** Ends every subscription (shutdown): each subscriber's `onClose` runs once. */
  close(): void
  readonly size: number
}

/** In-process fan-out of committed workflow events to the open SSE streams. */
export function createEventBus(): EventBus {
  const subscribers = new Map<EventListener, () => void>()
  return {
    publish(event) {
      for (const listener of [...subscribers.keys()]) listener(event)
    },
    subscribe(listener, onClose) {
      subscribers.set(listener, onClose)
      return () => void subscribers.delete(listener)
    },
    close() {
      const closing = [...subscribers.values()]
      subscribers.clear()
      for (const onClose of closing) onClose()
    },
    get size() {
      return subscribers.size
    },
  }
}
