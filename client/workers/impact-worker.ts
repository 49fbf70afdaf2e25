import { DEMO_AS_OF, DEMO_FIELDS, generateDemoColumns } from '../../engine/demo-leads.ts'
import type { ImpactRequest, ImpactResponse, ModelRole } from './impact-messages.ts'
import { createImpactSession } from './impact-session.ts'
import { parseCsv } from './parse-csv.ts'

/*
 * Scores the reference dataset off the main thread. Model updates arrive as fast as a slider
 * moves; they are coalesced so each run scores the latest draft, never a queue of stale ones.
 */
/** The worker's global scope, typed by the little this file uses (the DOM lib has no worker types). */
const scope = self as unknown as {
  postMessage(message: ImpactResponse): void
  addEventListener(type: 'message', listener: (event: MessageEvent<ImpactRequest>) => void): void
}
const session = createImpactSession()
const pending = new Map<ModelRole, unknown>()
let scheduled = false
let hasData = false

function post(message: ImpactResponse): void {
  scope.postMessage(message)
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  setTimeout(run, 0)
}

function run(): void {
  scheduled = false
  try {
    scoreLatest()
  } catch (error) {
    post({ type: 'error', message: messageOf(error) })
  }
}

function scoreLatest(): void {
  for (const [role, model] of pending) {
    const result = session.setModel(role, model)
    if (!result.ok) post({ type: 'not-scorable', role, reason: result.reason })
  }
  pending.clear()
  if (!hasData) return
  const started = performance.now()
  const outcome = session.run()
  if (outcome === null) return
  post({
    type: 'report',
    report: outcome.report,
    millis: performance.now() - started,
    rescoreMillis: outcome.rescoreMillis,
    recomputed: outcome.recomputed,
  })
}

function handle(request: ImpactRequest): void {
  switch (request.type) {
    case 'load-demo': {
      session.loadData(generateDemoColumns(request.count, request.seed), DEMO_AS_OF)
      hasData = true
      const fields = DEMO_FIELDS.map((f) => f.name)
      post({
        type: 'dataset',
        dataset: { name: 'Demo leads', leads: request.count, fields, asOf: DEMO_AS_OF },
      })
      schedule()
      return
    }
    case 'load-csv': {
      const parsed = parseCsv(request.text)
      if (!parsed.ok) {
        post({ type: 'error', message: `${request.name}: ${parsed.message}` })
        return
      }
      // A CSV carries no instant of its own: recency is measured from when it was opened.
      const asOf = Date.now()
      session.loadData(parsed.data, asOf)
      hasData = true
      post({
        type: 'dataset',
        dataset: { name: request.name, leads: parsed.data.length, fields: parsed.fields, asOf },
      })
      schedule()
      return
    }
    case 'set-model':
      pending.set(request.role, request.model)
      schedule()
      return
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

scope.addEventListener('message', (event) => {
  try {
    handle(event.data)
  } catch (error) {
    post({ type: 'error', message: messageOf(error) })
  }
})
