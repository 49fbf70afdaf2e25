import type * as Y from 'yjs'
import {
  addFactor,
  addTier,
  moveFactor,
  removeFactor,
  removeTier,
  setDescription,
  setFactorField,
  setName,
  setOutcomeField,
  setTierField,
  setTiers,
  setTransformKind,
  setTransformParam,
  setWeights,
  writeModel,
  type TierKey,
} from '../../shared/model-doc.ts'
import type { FactorInput, Model, Tier, TransformKind } from '../../shared/model-schema.ts'
import type { TierView } from './factor-view.ts'
import { defaultTransform } from './transform-defaults.ts'
import { normalizeDocWeights } from './normalize-doc-weights.ts'

/**
 * What a component asks of the model: one variant per edit an analyst makes. Components fire it
 * as an `sp-edit` event; the editor's controller applies it to the doc as one undoable step.
 */
export type ModelEdit =
  | { type: 'factor-field'; factorId: string; key: 'label' | 'field'; value: string }
  | { type: 'factor-field'; factorId: string; key: 'weight' | 'missing'; value: number }
  | { type: 'transform-param'; factorId: string; key: string; value: unknown }
  | { type: 'transform-kind'; factorId: string; kind: TransformKind }
  | { type: 'move-factor'; factorId: string; toIndex: number }
  | { type: 'remove-factor'; factorId: string }
  | { type: 'add-factor'; factor: FactorInput }
  | { type: 'normalize-weights' }
  | { type: 'tier-field'; tierId: string; key: TierKey; value: string | number }
  | { type: 'add-tier'; tiers: readonly TierView[] }
  | { type: 'remove-tier'; tierId: string }
  | { type: 'set-tiers'; tiers: readonly Tier[] }
  | { type: 'name'; value: string }
  | { type: 'description'; value: string }
  /** The outcome column a backtest reads; '' names none. */
  | { type: 'outcome-field'; value: string }
  /** Several weights at once, e.g. the ones Suggest weights fitted. */
  | { type: 'set-weights'; weights: Readonly<Record<string, number>> }
  | { type: 'replace-model'; model: Model }

/** The event components fire to ask for an edit. */
export const EDIT_EVENT = 'sp-edit'

/** Fires an `sp-edit` event from `element` (it bubbles to the editor's controller). */
export function requestEdit(element: HTMLElement, edit: ModelEdit): void {
  element.dispatchEvent(new CustomEvent(EDIT_EVENT, { detail: edit, bubbles: true }))
}

/**
 * Applies one edit to the doc inside the caller's transaction; false when it changed nothing it
 * was asked to (the factor or tier is gone, or there was nothing to normalize).
 */
export function applyModelEdit(doc: Y.Doc, edit: ModelEdit): boolean {
  switch (edit.type) {
    case 'factor-field':
      return setFactorField(doc, edit.factorId, edit.key, edit.value)
    case 'transform-param':
      return setTransformParam(doc, edit.factorId, edit.key, edit.value)
    case 'transform-kind':
      return setTransformKind(doc, edit.factorId, edit.kind, defaultTransform(edit.kind))
    case 'move-factor':
      return moveFactor(doc, edit.factorId, edit.toIndex)
    case 'remove-factor':
      return removeFactor(doc, edit.factorId)
    case 'add-factor':
      return addFactor(doc, edit.factor)
    case 'normalize-weights':
      return normalizeDocWeights(doc)
    case 'tier-field':
      return setTierField(doc, edit.tierId, edit.key, edit.value)
    case 'add-tier':
      addNewLowestTier(doc, edit.tiers)
      return true
    case 'remove-tier':
      return removeTier(doc, edit.tierId)
    case 'set-tiers':
      setTiers(doc, edit.tiers)
      return true
    case 'name':
      setName(doc, edit.value)
      return true
    case 'description':
      setDescription(doc, edit.value === '' ? undefined : edit.value)
      return true
    case 'outcome-field':
      setOutcomeField(doc, edit.value === '' ? undefined : edit.value)
      return true
    case 'set-weights':
      return setWeights(doc, edit.weights)
    case 'replace-model':
      return writeModel(doc, edit.model).ok
  }
}

/** A new lowest tier at 0; the previous lowest moves halfway up so the order stays valid. */
function addNewLowestTier(doc: Y.Doc, tiers: readonly TierView[]): void {
  const last = tiers.at(-1)
  const above = tiers.at(-2)?.min ?? 1
  const names = new Set(tiers.map((t) => t.name))
  let name = String.fromCharCode(65 + tiers.length)
  for (let n = 2; names.has(name); n++) name = `Tier ${tiers.length + n}`
  if (last && last.min === 0) {
    const min = Number.isFinite(above) ? above / 2 : 0.5
    // An older doc's tiers have no ids yet: writing the list moves them into the tiers map.
    if (last.id === '') setTiers(doc, [...tiers.slice(0, -1), { ...last, min }])
    else setTierField(doc, last.id, 'min', min)
  }
  addTier(doc, { name, min: 0 })
}
