import { randomUUID } from 'node:crypto'
import type postgres from 'postgres'
import type { StoreSignals } from '../store.ts'
import { DOC_CHANNEL } from './postgres-doc-store.ts'

/** The channel of workflow commits: the payload is the audit seq. */
const WORKFLOW_CHANNEL = 'scoring_workflow'
/** The channel of presence: `<instance> <docId> <awareness update, base64>`. */
const PRESENCE_CHANNEL = 'scoring_presence'
/** NOTIFY payloads are limited to 8000 bytes; presence is a few hundred. */
const MAX_PAYLOAD = 7900

/**
 * LISTEN/NOTIFY on the pool's dedicated listen connection. The driver reconnects it by itself
 * after a loss and calls `onlisten` again: every call after the first is a reconnect, after which
 * the handlers' resync reads what the log holds, since notifications sent meanwhile are gone.
 */
export function createPostgresSignals(sql: postgres.Sql): StoreSignals {
  let reconnects = 0
  // Each instance hears its own notifications too; its own presence it already showed.
  const instance = randomUUID()
  return {
    get reconnects() {
      return reconnects
    },
    async listen(handlers) {
      let docListens = 0
      const docs = await sql.listen(
        DOC_CHANNEL,
        (payload) => {
          const space = payload.lastIndexOf(' ')
          const seq = Number(payload.slice(space + 1))
          if (space > 0 && Number.isSafeInteger(seq)) handlers.doc(payload.slice(0, space), seq)
        },
        () => {
          if (docListens++ === 0) return
          reconnects++
          handlers.resync()
        },
      )
      const workflow = await sql.listen(WORKFLOW_CHANNEL, (payload) => {
        const seq = Number(payload)
        if (Number.isSafeInteger(seq)) handlers.workflow(seq)
      })
      const presence = await sql.listen(PRESENCE_CHANNEL, (payload) => {
        const [from, docId, data] = payload.split(' ')
        if (from === instance || docId === undefined || data === undefined) return
        handlers.presence(docId, new Uint8Array(Buffer.from(data, 'base64')))
      })
      return async () => {
        await docs.unlisten()
        await workflow.unlisten()
        await presence.unlisten()
      }
    },
    async workflowCommitted(seq) {
      await sql.notify(WORKFLOW_CHANNEL, String(seq))
    },
    async presenceChanged(docId, update) {
      const payload = `${instance} ${docId} ${Buffer.from(update).toString('base64')}`
      if (payload.length <= MAX_PAYLOAD) await sql.notify(PRESENCE_CHANNEL, payload)
    },
  }
}
