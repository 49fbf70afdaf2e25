import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type * as Y from 'yjs'
import { validateModel, type ValidationResult } from '../../engine/validate-model.ts'
import { isModelTransaction, readModelInput } from '../../shared/model-doc.ts'
import {
  readFactorViews,
  readTierViews,
  type FactorView,
  type TierView,
} from '../doc/factor-view.ts'

const EMPTY: ValidationResult = { ok: false, model: null, findings: [] }

/**
 * Follows a model doc: after every transaction that touched the model (local, remote or loaded
 * from IndexedDB) it re-reads the model and validates it, so findings are live while editing.
 */
export class ModelDocController implements ReactiveController {
  input: Record<string, unknown> = {}
  factors: FactorView[] = []
  tiers: TierView[] = []
  validation: ValidationResult = EMPTY
  /** True once the doc holds any model content (a fresh doc holds none until IndexedDB or the server fills it). */
  hasContent = false

  private doc: Y.Doc | null = null
  private datasetFields: readonly string[] | undefined
  private connected = false
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (isModelTransaction(transaction)) this.refresh()
  }

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** Follows another doc (or none). */
  setDoc(doc: Y.Doc | null): void {
    if (doc === this.doc) return
    this.unsubscribe()
    this.doc = doc
    if (this.connected) this.subscribe()
    this.refresh()
  }

  /** The reference dataset's fields, for the `field-not-in-dataset` warning. */
  setDatasetFields(fields: readonly string[] | undefined): void {
    if (sameFields(fields, this.datasetFields)) return
    this.datasetFields = fields
    this.refresh()
  }

  hostConnected(): void {
    this.connected = true
    this.subscribe()
    this.refresh()
  }

  hostDisconnected(): void {
    this.connected = false
    this.unsubscribe()
  }

  private subscribe(): void {
    this.doc?.on('afterTransaction', this.onTransaction)
  }

  private unsubscribe(): void {
    this.doc?.off('afterTransaction', this.onTransaction)
  }

  private refresh(): void {
    if (this.doc === null) {
      this.input = {}
      this.factors = []
      this.tiers = []
      this.validation = EMPTY
      this.hasContent = false
    } else {
      const input = readModelInput(this.doc) as Record<string, unknown>
      this.input = input
      this.factors = readFactorViews(input)
      this.tiers = readTierViews(input)
      this.hasContent = Object.keys(input).length > 1 || this.factors.length > 0
      this.validation = validateModel(
        input,
        this.datasetFields ? { datasetFields: this.datasetFields } : {},
      )
    }
    this.host.requestUpdate()
  }
}

function sameFields(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  return a.every((f, i) => f === b[i])
}
