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
import { bringsOnly, holdsUpdate, knowUpdate, type KnownUpdate } from '../doc/known-update.ts'
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

/** A merge the server applies at this user's request, awaited: see `adoptUpdate`. */
export interface Adoption {
  /** Settles once the doc holds the update's changes (or the wait was cancelled). */
  arrived: Promise<void>
  /** Stops waiting: a later arrival is a co-editor's change like any other. */
  cancel(): void
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
  private awaited: { known: KnownUpdate; settle: () => void } | null = null
  /** Transactions from elsewhere that carried a merge this user asked for: their own edit. */
  private readonly adopted = new WeakSet<Y.Transaction>()
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (!isModelTransaction(transaction)) return
    const before = this.draft
    this.adopt(transaction)
    this.refresh()
    // Not local: applied from the socket (a co-editor) or from IndexedDB (only before content).
    if (
      !transaction.local &&
      !this.adopted.has(transaction) &&
      transaction.origin !== LOCAL_ORIGIN &&
      before.hasContent
    )
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
   * Awaits `update` (a branch's changes, which the server merges into the draft at this user's
   * request) from the socket, and takes the transaction that brings it as this user's own edit:
   * Undo takes it back and its fields are not shown as a co-editor's. A transaction that also
   * carries others' edits (a reconnect's catch-up) stays theirs, since Undo would take those too.
   */
  adoptUpdate(update: Uint8Array): Adoption {
    this.awaited?.settle()
    const known = knowUpdate(update)
    let settle = () => {}
    const arrived = new Promise<void>((resolve) => {
      settle = () => {
        if (this.awaited?.known === known) this.awaited = null
        resolve()
      }
    })
    this.awaited = { known, settle }
    if (this.doc === null || holdsUpdate(this.doc, known)) settle()
    return { arrived, cancel: settle }
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
    // Before the undo manager's: it marks a merge this user asked for, which that one captures.
    doc.on('afterTransaction', this.onTransaction)
    // Own edits only, each its own step: this tab's and a merge it asked for, never a co-editor's.
    this.undoManager = new Y.UndoManager(modelRoots(doc), {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTransaction: (transaction) => transaction.local || this.adopted.has(transaction),
      captureTimeout: 0,
    })
    this.undoManager.on('stack-item-added', this.onStack)
    this.undoManager.on('stack-item-popped', this.onStack)
  }

  private unsubscribe(): void {
    this.awaited?.settle()
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

  /** Marks the transaction as this user's when it brings the awaited merge, and settles the wait. */
  private adopt(transaction: Y.Transaction): void {
    const awaited = this.awaited
    if (awaited === null || transaction.local) return
    if (bringsOnly(transaction, awaited.known)) {
      this.adopted.add(transaction)
      // The undo manager also wants the origin tracked; captureTransaction still decides.
      this.undoManager?.addTrackedOrigin(transaction.origin)
    }
    if (holdsUpdate(transaction.doc, awaited.known)) awaited.settle()
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
