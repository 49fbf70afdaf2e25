import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { validateModel, type ValidationResult } from '../../engine/validate-model.ts'
import {
  isModelTransaction,
  modelInputOf,
  modelRoots,
  orderedEntries,
  readDocFields,
} from '../../shared/model-doc.ts'
import {
  readFactorViews,
  readTierViews,
  type FactorView,
  type TierView,
} from '../doc/factor-view.ts'
import { LOCAL_ORIGIN } from '../doc/local-origin.ts'
import { applyModelEdit, type ModelEdit } from '../doc/model-edit.ts'
import { remoteFieldChanges, type FieldKey } from '../doc/remote-field-changes.ts'
import { userNameOf } from './presence-controller.ts'

/** The model being edited, as the editor shows it: typed leniently, validated live. */
export interface ModelDraft {
  /** The model-shaped JSON the doc holds. */
  input: Record<string, unknown>
  factors: FactorView[]
  tiers: TierView[]
  validation: ValidationResult
  /** True once the doc holds any model content (a fresh doc holds none until IndexedDB or the server fills it). */
  hasContent: boolean
}

/** Who last changed a field from elsewhere, and when (ms since epoch). */
export interface RemoteChange {
  by: string
  at: number
}

const EMPTY: ModelDraft = {
  input: {},
  factors: [],
  tiers: [],
  validation: { ok: false, model: null, findings: [] },
  hasContent: false,
}

/**
 * Owns the model session of the editor: follows the doc (local, remote and IndexedDB changes
 * alike) into a validated draft, applies every edit components ask for as one transaction with the
 * local origin, and undoes or redoes this user's own edits only (a co-editor's are never undone).
 * It also remembers which fields a co-editor changed, so a field shows who changed it.
 */
export class ModelDraftController implements ReactiveController {
  draft: ModelDraft = EMPTY

  private doc: Y.Doc | null = null
  private awareness: Awareness | null = null
  private undoManager: Y.UndoManager | null = null
  private datasetFields: readonly string[] | undefined
  private connected = false
  private readonly remote = new Map<FieldKey, RemoteChange>()
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (!isModelTransaction(transaction)) return
    const before = this.draft
    this.refresh()
    // Not local: applied from the socket (a co-editor) or from IndexedDB (only before content).
    // An update this user applied (a merge) carries the local origin: it is their edit.
    if (!transaction.local && transaction.origin !== LOCAL_ORIGIN && before.hasContent)
      this.markRemote(transaction, before)
  }
  private readonly onStack = () => this.host.requestUpdate()

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** Follows another doc (or none); the undo history starts afresh. */
  setDoc(doc: Y.Doc | null): void {
    if (doc === this.doc) return
    this.unsubscribe()
    this.doc = doc
    this.remote.clear()
    if (this.connected) this.subscribe()
    this.refresh()
  }

  /** Where the names of co-editors come from. */
  setAwareness(awareness: Awareness | null): void {
    this.awareness = awareness
  }

  /** The reference dataset's fields, for the `field-not-in-dataset` warning. */
  setDatasetFields(fields: readonly string[] | undefined): void {
    if (sameFields(fields, this.datasetFields)) return
    this.datasetFields = fields
    this.refresh()
  }

  /** Runs `fn` on the doc as one local, undoable transaction; false when it changed nothing asked. */
  edit(fn: (doc: Y.Doc) => boolean | void): boolean {
    const doc = this.doc
    if (doc === null) return false
    let applied = false
    doc.transact(() => {
      applied = fn(doc) !== false
    }, LOCAL_ORIGIN)
    return applied
  }

  /**
   * Applies a Yjs update (a branch's changes since its fork) with the local origin, so it travels
   * as this user's edit and Undo takes it back; false when the doc already had all of it.
   */
  applyUpdate(update: Uint8Array): boolean {
    const doc = this.doc
    if (doc === null) return false
    let changed = false
    doc.transact((transaction) => {
      Y.applyUpdate(doc, update, LOCAL_ORIGIN)
      changed = transaction.changed.size > 0
    }, LOCAL_ORIGIN)
    return changed
  }

  /** Applies an edit a component asked for. */
  apply(edit: ModelEdit): boolean {
    if (edit.type === 'factor-field') this.remote.delete(`${edit.factorId}/${edit.key}`)
    if (edit.type === 'transform-param')
      this.remote.delete(`${edit.factorId}/transform.${edit.key}`)
    return this.edit((doc) => applyModelEdit(doc, edit))
  }

  get canUndo(): boolean {
    return (this.undoManager?.undoStack.length ?? 0) > 0
  }

  get canRedo(): boolean {
    return (this.undoManager?.redoStack.length ?? 0) > 0
  }

  /** Takes back this user's last edit here (never a co-editor's). */
  undo(): boolean {
    return this.undoManager?.undo() != null
  }

  /** Puts back the last edit undone. */
  redo(): boolean {
    return this.undoManager?.redo() != null
  }

  /** Who changed this field from elsewhere, while this editor was open (see FieldKey). */
  remoteChange(key: FieldKey): RemoteChange | undefined {
    return this.remote.get(key)
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
    const doc = this.doc
    if (doc === null) return
    doc.on('afterTransaction', this.onTransaction)
    // Own edits only, each its own step: the tracked origin is this tab's, never the socket's.
    this.undoManager = new Y.UndoManager(modelRoots(doc), {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    })
    this.undoManager.on('stack-item-added', this.onStack)
    this.undoManager.on('stack-item-popped', this.onStack)
  }

  private unsubscribe(): void {
    this.doc?.off('afterTransaction', this.onTransaction)
    this.undoManager?.destroy()
    this.undoManager = null
  }

  private refresh(): void {
    const doc = this.doc
    if (doc === null) {
      this.draft = EMPTY
    } else {
      const fields = readDocFields(doc)
      const input = modelInputOf(fields)
      const factors = readFactorViews(input)
      const ids = orderedEntries(fields.tiers).map(({ id }) => id)
      const tiers = readTierViews(input).map((tier, i) => ({ ...tier, id: ids[i] ?? '' }))
      this.draft = {
        input,
        factors,
        tiers,
        hasContent: Object.keys(input).length > 1 || factors.length > 0,
        validation: validateModel(
          input,
          this.datasetFields ? { datasetFields: this.datasetFields } : {},
        ),
      }
    }
    this.host.requestUpdate()
  }

  private markRemote(transaction: Y.Transaction, before: ModelDraft): void {
    const keys = remoteFieldChanges(before, this.draft)
    if (keys.length === 0) return
    const by = this.authorsOf(transaction)
    const at = Date.now()
    for (const key of keys) this.remote.set(key, { by, at })
  }

  /** The names of the peers whose edits the transaction carried. */
  private authorsOf(transaction: Y.Transaction): string {
    const names = new Set<string>()
    for (const [client, clock] of transaction.afterState) {
      if (
        client === transaction.doc.clientID ||
        clock <= (transaction.beforeState.get(client) ?? 0)
      )
        continue
      names.add((this.awareness && userNameOf(this.awareness, client)) ?? 'a co-editor')
    }
    return names.size === 0 ? 'a co-editor' : [...names].join(', ')
  }
}

function sameFields(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  return a.every((f, i) => f === b[i])
}
