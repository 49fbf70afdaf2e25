import type { ReactiveControllerHost } from 'lit'
import type * as Y from 'yjs'
import { runModelTests, type ModelTestResult } from '../../engine/run-model-tests.ts'
import { addTests, newTestId, parseModelInput, removeTest } from '../../shared/model-doc.ts'
import { MAX_MODEL_TESTS, type ModelTest } from '../../shared/model-schema.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { testsFromCsv } from '../import/tests-from-csv.ts'
import type { ImpactController } from './impact-controller.ts'

/**
 * The model's tests in the editor: runs them on every draft the page sees (including a weight
 * previewed while a slider moves, so pass/fail follows the weights live), and adds or removes
 * tests in the doc as local edits. It needs no lifecycle of its own: it works when asked.
 */
export class ModelTestsController {
  /** One result per test; null while the draft does not parse as a model. */
  results: readonly ModelTestResult[] | null = []
  /** Why the last add or import changed nothing, or null. */
  problem: string | null = null
  private count = 0

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly docOf: () => Y.Doc | null,
    private readonly impact: ImpactController,
  ) {}

  /** Re-runs the tests against a draft's model JSON. */
  follow(input: unknown): void {
    const { model } = parseModelInput(input)
    this.results = model === null ? null : runModelTests(model)
    if (model !== null) this.count = model.tests?.length ?? 0
    this.host.requestUpdate()
  }

  remove(testId: string): void {
    const doc = this.docOf()
    if (doc !== null) removeTest(doc, testId, LOCAL_ORIGIN)
  }

  /** Adds every test of a CSV, or none with the reasons (see testsFromCsv). */
  async importCsv(file: File): Promise<void> {
    const read = testsFromCsv(await file.text(), {
      asOf: new Date().toISOString(),
      newId: newTestId,
    })
    if (!read.ok) this.refuse(`${file.name} was not imported: ${read.errors.join(' ')}`)
    else this.add(read.tests, `${file.name} was not imported`)
  }

  /** Pins a lead of the impact dataset as a test expecting the tier the draft gives it now. */
  async addLead(row: number, tier: string, name: string): Promise<void> {
    const dataset = this.impact.dataset
    const lead = await this.impact.leadAt(row)
    if (lead === null || dataset === null) {
      this.refuse(`${name} is no longer in the dataset; nothing was added.`)
      return
    }
    const test: ModelTest = {
      id: newTestId(),
      label: `${dataset.name}, ${name}`,
      asOf: new Date(dataset.asOf).toISOString(),
      lead,
      expect: { tier },
    }
    this.add([test], 'The lead was not added')
  }

  private add(tests: ModelTest[], what: string): void {
    const doc = this.docOf()
    if (doc === null) return
    if (this.count + tests.length > MAX_MODEL_TESTS) {
      this.refuse(
        `${what}: a model holds at most ${MAX_MODEL_TESTS} tests (it has ${this.count}, this adds ${tests.length}).`,
      )
      return
    }
    this.problem = null
    addTests(doc, tests, LOCAL_ORIGIN)
  }

  private refuse(message: string): void {
    this.problem = message
    this.host.requestUpdate()
  }
}
