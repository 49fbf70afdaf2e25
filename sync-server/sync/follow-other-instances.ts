import type { Logger } from '../log/create-logger.ts'
import type { Workflow } from '../promotion/create-workflow.ts'
import type { StoreSignals } from '../store/store.ts'
import type { Rooms } from './create-rooms.ts'

/** How often every doc in memory reads the log anyway, in case a signal was lost. */
export const CATCH_UP_INTERVAL_MS = 1000

/**
 * Keeps this instance's docs and workflow events current with what other instances commit: on a
 * signal, after the signal connection came back, and every CATCH_UP_INTERVAL_MS, the docs in
 * memory read their log past what they hold and the workflow relays new audit events. Returns a
 * function that stops following.
 */
export async function followOtherInstances(deps: {
  signals: StoreSignals
  rooms: Rooms
  workflow: Workflow
  log: Logger
  onCatchUp: (reads: number) => void
}): Promise<() => Promise<void>> {
  const { signals, rooms, workflow, log, onCatchUp } = deps
  const catchUp = (names: Iterable<string>, signalledSeq = 0) => {
    for (const name of names) {
      const room = rooms.peek(name)
      if (room === undefined || room.isDropped) continue
      room.catchUp(signalledSeq).then(
        (read) => onCatchUp(read),
        (error: unknown) => log.error('catch-up read failed', { room: name, error }),
      )
    }
  }
  const relay = () =>
    workflow.relayCommitted().catch((error: unknown) => {
      log.error('workflow relay failed', { error })
    })
  const unlisten = await signals.listen({
    doc: (docId, seq) => catchUp([docId], seq),
    workflow: () => void relay(),
    presence: (docId, update) => {
      const room = rooms.peek(docId)
      if (room !== undefined && !room.isDropped) room.presence.receiveFromOtherInstance(update)
    },
    resync: () => {
      log.warn('signal connection restored; reading every doc in memory', {
        reconnects: signals.reconnects,
      })
      catchUp(rooms.names())
      void relay()
    },
  })
  const timer = setInterval(() => {
    catchUp(rooms.names())
    void relay()
  }, CATCH_UP_INTERVAL_MS)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await unlisten()
  }
}
