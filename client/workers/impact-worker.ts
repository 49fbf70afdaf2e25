import {
  DEMO_AS_OF,
  DEMO_FIELDS,
  DEMO_OUTCOME_FIELD,
  generateDemoColumns,
} from '../../engine/demo-leads.ts'
import type { ImpactRequest, ImpactResponse, ModelRole } from './impact-messages.ts'
import { createImpactSession } from './impact-session.ts'
import { countPresentValues, findLabelField } from './describe-dataset.ts'
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

/** Hands the session the latest model of each role that arrived since the last run. */
function applyPending(): void {
  for (const [role, model] of pending) {
    const result = session.setModel(role, model)
    if (!result.ok) post({ type: 'not-scorable', role, reason: result.reason })
  }
  pending.clear()
}

function scoreLatest(): void {
  applyPending()
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
    backtest: outcome.backtest,
    backtestMillis: outcome.backtestMillis,
  })
}

function handle(request: ImpactRequest): void {
  switch (request.type) {
    case 'load-demo': {
      const data = generateDemoColumns(request.count, request.seed)
      session.loadData(data, DEMO_AS_OF, DEMO_OUTCOME_FIELD)
      hasData = true
      const fields = [...DEMO_FIELDS.map((f) => f.name), DEMO_OUTCOME_FIELD]
      post({
        type: 'dataset',
        dataset: {
          name: 'Demo leads',
          demo: true,
          leads: request.count,
          fields,
          present: countPresentValues(data),
          labels: null,
          delimiter: null,
          asOf: DEMO_AS_OF,
          outcomeField: DEMO_OUTCOME_FIELD,
        },
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
      // A CSV exported with the demo's outcome column is backtested on it unless the model names another.
      const outcomeField = parsed.fields.includes(DEMO_OUTCOME_FIELD) ? DEMO_OUTCOME_FIELD : null
      session.loadData(parsed.data, asOf, outcomeField)
      hasData = true
      const labelField = findLabelField(parsed.fields)
      post({
        type: 'dataset',
        dataset: {
          name: request.name,
          demo: false,
          leads: parsed.data.length,
          fields: parsed.fields,
          present: countPresentValues(parsed.data),
          labels:
            labelField === null
              ? null
              : { field: labelField, values: parsed.data.columns[labelField] as string[] },
          delimiter: parsed.delimiter,
          asOf,
          outcomeField,
        },
      })
      schedule()
      return
    }
    case 'set-model':
      pending.set(request.role, request.model)
      schedule()
      return
    case 'fit': {
      // Fit the draft as it is now, edits that arrived before this request included.
      applyPending()
      const { id, holdout, seed } = request
      const suggestion = session.suggestWeights({
        holdout,
        seed,
        onProgress: (fraction) => post({ type: 'fit-progress', id, fraction }),
      })
      post({ type: 'fit-result', id, suggestion })
      schedule()
      return
    }
    case 'get-lead':
      post({ type: 'lead', row: request.row, lead: session.leadAt(request.row) })
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
