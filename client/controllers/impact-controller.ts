import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ImpactReport } from '../../shared/impact-schema.ts'
import type {
  DatasetInfo,
  ImpactRequest,
  ImpactResponse,
  ModelRole,
} from '../workers/impact-messages.ts'

/** How many demo leads the preview scores until a dataset is opened. */
export const DEMO_LEAD_COUNT = 20_000
export const DEMO_SEED = 20_250_602

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

  private worker: Worker | null = null
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
  }

  private send(request: Extract<ImpactRequest, { type: 'set-model' }>): void {
    this.latest[request.role] = request.model
    this.worker?.postMessage(request)
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
        this.problem = null
        break
      case 'not-scorable':
        this.problem = `The ${message.role === 'draft' ? 'draft' : 'baseline'} cannot be scored yet: ${message.reason}`
        break
      case 'error':
        this.problem = message.message
        break
    }
    this.host.requestUpdate()
  }
}
