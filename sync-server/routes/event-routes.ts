import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AppEnv } from '../http/app-env.ts'
import { authenticate, bearerTokenOf } from '../http/require-role.ts'
import { EventQuerySchema } from '../../shared/workflow-event-schema.ts'
import { isWorkflowEventType, toWorkflowEvent } from '../promotion/workflow-events.ts'
import { WORKFLOW_EVENT_TYPES, type WorkflowEvent } from '../../shared/workflow-event-schema.ts'
import type { RouteDeps } from './route-deps.ts'

/** A comment line this often keeps proxies from closing an idle stream (also bounds the wait for a token's expiry). */
const HEARTBEAT_MS = 15_000
/** Events replayed at most on (re)connection; older ones are in the audit log. */
const MAX_REPLAY = 1000

/**
 * `GET /api/events?token=` — Server-Sent Events of the workflow (snapshot taken, promotion requested, approved,
 * rejected, promoted, rolled back) for the UI. `EventSource` cannot send headers, so the token
 * comes in the query (a bearer header works too). Each event's id is its audit seq: a client
 * that reconnects with `Last-Event-ID` (or `?after=`) first gets what it missed.
 */
export function eventRoutes({ auth, store, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.get('/', async (c) => {
    const { expiresAt } = await authenticate(
      auth,
      c.req.query('token') ?? bearerTokenOf(c.req.header('authorization')),
    )
    // Every role includes viewer, so a valid token is enough to follow the workflow.
    const query = EventQuerySchema.parse(c.req.query())
    const lastEventId = Number(c.req.header('last-event-id'))
    const after = query.after ?? (Number.isSafeInteger(lastEventId) ? lastEventId : undefined)
    const wanted = (event: WorkflowEvent) =>
      query.modelId === undefined || event.modelId === query.modelId

    return streamSSE(c, async (stream) => {
      const queue: WorkflowEvent[] = []
      let closed = false
      let wake: (() => void) | null = null
      const poke = () => wake?.()
      const unsubscribe = workflow.events.subscribe(
        (event) => {
          if (wanted(event)) queue.push(event)
          poke()
        },
        () => {
          closed = true
          poke()
        },
      )
      stream.onAbort(() => {
        closed = true
        poke()
      })
      // Subscribed first, replayed second: an event committed in between is in both, sent once.
      if (after !== undefined) {
        const missed = (
          await store.audit.list({
            modelId: query.modelId,
            actions: WORKFLOW_EVENT_TYPES,
            after,
            limit: MAX_REPLAY,
          })
        ).flatMap((entry) =>
          isWorkflowEventType(entry.action)
            ? [toWorkflowEvent({ ...entry, action: entry.action })]
            : [],
        )
        queue.unshift(...missed)
      }
      let sent = after ?? 0
      try {
        await stream.write(': connected\n\n')
        while (!closed && !stream.aborted) {
          // The stream lives no longer than its token; a reconnect with the same token gets 401.
          if (Date.now() >= expiresAt) {
            await stream.write(': token expired\n\n')
            break
          }
          const event = queue.shift()
          if (event !== undefined) {
            if (event.seq <= sent) continue
            sent = event.seq
            await stream.writeSSE({
              event: event.type,
              id: String(event.seq),
              data: JSON.stringify(event),
            })
            continue
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Math.min(HEARTBEAT_MS, expiresAt - Date.now()))
            wake = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          wake = null
          if (queue.length === 0 && !closed) await stream.write(': ping\n\n')
        }
      } finally {
        unsubscribe()
      }
    })
  })

  return app
}
