import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { FitPart } from '../../shared/backtest-schema.ts'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import type {
  BacktestComparison,
  DatasetInfo,
  ImpactRequest,
  ImpactResponse,
  ModelRole,
  WeightSuggestion,
} from '../workers/impact-messages.ts'

/** How many demo leads the preview scores until a dataset is opened. */
export const DEMO_LEAD_COUNT = 20_000
export const DEMO_SEED = 20_250_602

/** The share of the leads with an outcome that Suggest weights holds out, and the split's seed. */
export const FIT_HOLDOUT = 0.3
export const FIT_SEED = 1

/** Where Suggest weights is: fitting (with progress), failed, or done (applied unless the draft moved). */
export type FitState =
  | { state: 'idle' }
  | { state: 'fitting'; fraction: number }
  | { state: 'failed'; message: string }
  | { state: 'done'; train: FitPart; holdout: FitPart; applied: boolean }

/** Applies suggested weights to the draft; false when the draft moved on since the fit started. */
export type ApplySuggestion = (suggestion: Extract<WeightSuggestion, { ok: true }>) => boolean

/** Starts the impact worker (Vite bundles the worker from this `new URL(…)` form). */
export function startImpactWorker(): Worker {
  return new Worker(new URL('../workers/impact-worker.ts', import.meta.url), { type: 'module' })
}

/**
 * Owns the impact worker: sends it the dataset and every model change, and holds the latest
 * report for the panel to render. The worker starts with the host and stops with it.
 */
export class ImpactController implements ReactiveController {
  report: ImpactReport | null = null
  dataset: DatasetInfo | null = null
  /** Time to produce the last report (re-score and analysis), in ms. */
  millis: number | null = null
  /** Of which re-scoring the changed model, in ms. */
  rescoreMillis: number | null = null
  /** Why the preview is stale or empty, when it is. */
  problem: string | null = null
  /** Draft and baseline backtested on the dataset's outcomes; null without an outcome column. */
  backtest: BacktestComparison | null = null
  fit: FitState = { state: 'idle' }

  private worker: Worker | null = null
  private fitId = 0
  private applySuggestion: ApplySuggestion | null = null
  /** Callers waiting for a lead, by row (the worker answers in order). */
  private readonly leadRequests = new Map<number, ((lead: Lead | null) => void)[]>()
  private readonly latest: Partial<Record<ModelRole, unknown>> = {}
  private dataRequest: ImpactRequest = {
    type: 'load-demo',
    count: DEMO_LEAD_COUNT,
    seed: DEMO_SEED,
  }

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly startWorker: () => Worker = startImpactWorker,
  ) {
    host.addController(this)
  }

  /** Sends the draft (the doc's current model JSON). */
  setDraft(model: unknown): void {
    this.send({ type: 'set-model', role: 'draft', model })
  }

  /** Sends the model the draft is compared with. */
  setBaseline(model: unknown): void {
    this.send({ type: 'set-model', role: 'baseline', model })
  }

  /** Scores a CSV the analyst opened instead of the demo leads. */
  async openCsv(file: File): Promise<void> {
    this.dataRequest = { type: 'load-csv', name: file.name, text: await file.text() }
    this.worker?.postMessage(this.dataRequest)
  }

  /** Goes back to the generated demo leads after a CSV. */
  useDemo(): void {
    this.dataRequest = { type: 'load-demo', count: DEMO_LEAD_COUNT, seed: DEMO_SEED }
    this.worker?.postMessage(this.dataRequest)
  }

  /**
   * Fits the draft's weights to the outcomes in the worker (progress shows in `fit`), then hands
   * them to `apply`. A second request supersedes the first.
   */
  suggestWeights(apply: ApplySuggestion): void {
    if (this.worker === null) return
    this.fitId++
    this.applySuggestion = apply
    this.fit = { state: 'fitting', fraction: 0 }
    this.worker.postMessage({ type: 'fit', id: this.fitId, holdout: FIT_HOLDOUT, seed: FIT_SEED })
    this.host.requestUpdate()
  }

  /** The lead at `row` of the dataset being scored; null when there is none (or no worker). */
  leadAt(row: number): Promise<Lead | null> {
    const worker = this.worker
    if (worker === null) return Promise.resolve(null)
    return new Promise((resolve) => {
      this.leadRequests.set(row, [...(this.leadRequests.get(row) ?? []), resolve])
      worker.postMessage({ type: 'get-lead', row } satisfies ImpactRequest)
    })
  }

  hostConnected(): void {
    const worker = this.startWorker()
    this.worker = worker
    worker.addEventListener('message', (event: MessageEvent<ImpactResponse>) =>
      this.receive(event.data),
    )
    worker.addEventListener('error', (event) => {
      this.problem = `The impact preview stopped: ${event.message || 'the worker failed to load'}.`
      this.host.requestUpdate()
    })
    worker.postMessage(this.dataRequest)
    for (const role of ['baseline', 'draft'] as const) {
      if (role in this.latest)
        worker.postMessage({ type: 'set-model', role, model: this.latest[role] })
    }
  }

  hostDisconnected(): void {
    this.worker?.terminate()
    this.worker = null
    for (const waiting of this.leadRequests.values()) for (const resolve of waiting) resolve(null)
    this.leadRequests.clear()
  }

  private send(request: Extract<ImpactRequest, { type: 'set-model' }>): void {
    this.latest[request.role] = request.model
    this.worker?.postMessage(request)
  }

  private finishFit(suggestion: WeightSuggestion): void {
    const apply = this.applySuggestion
    this.applySuggestion = null
    if (!suggestion.ok || apply === null) {
      this.fit = {
        state: 'failed',
        message: suggestion.ok ? 'The fit was cancelled.' : suggestion.message,
      }
      return
    }
    const { train, holdout } = suggestion
    this.fit = { state: 'done', train, holdout, applied: apply(suggestion) }
  }

  private receive(message: ImpactResponse): void {
    switch (message.type) {
      case 'dataset':
        this.dataset = message.dataset
        break
      case 'report':
        this.report = message.report
        this.millis = message.millis
        this.rescoreMillis = message.rescoreMillis
        this.backtest = message.backtest
        this.problem = null
        break
      case 'fit-progress':
        if (message.id === this.fitId && this.fit.state === 'fitting')
          this.fit = { state: 'fitting', fraction: message.fraction }
        break
      case 'fit-result':
        if (message.id === this.fitId) this.finishFit(message.suggestion)
        break
      case 'not-scorable':
        this.problem = `The ${message.role === 'draft' ? 'draft' : 'baseline'} cannot be scored yet: ${message.reason}`
        break
      case 'error':
        this.problem = message.message
        break
      case 'lead': {
        const [resolve, ...rest] = this.leadRequests.get(message.row) ?? []
        if (rest.length > 0) this.leadRequests.set(message.row, rest)
        else this.leadRequests.delete(message.row)
        resolve?.(message.lead)
        return
      }
    }
    this.host.requestUpdate()
  }
}
