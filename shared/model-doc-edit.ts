import * as Y from 'yjs'
import {
  factorMap,
  factorsMap,
  metaMap,
  tierMap,
  tiersMap,
  type FactorScalarKey,
  type TierKey,
} from './model-doc-layout.ts'
import { switchTransformKind, writeTransform, writeTransformParam } from './model-doc-transform.ts'
import { setIfChanged } from './model-doc-values.ts'
import { migrateLegacyTiers, newEntry, writeFactor, writeTiers } from './model-doc-write.ts'
import type { FactorInput, Tier, Transform, TransformKind } from './model-schema.ts'
import { newDocId } from './new-doc-id.ts'

/*
 * Small edits an editor makes. Each runs in one transaction with the caller's origin and returns
 * false when the factor it names is not in the doc (a peer may have removed it meanwhile).
 */

/** Sets one factor's weight. */
export function setWeight(doc: Y.Doc, factorId: string, weight: number, origin?: unknown): boolean {
  return setFactorField(doc, factorId, 'weight', weight, origin)
}

/** Sets several weights at once (e.g. normalized ones); ids not in the doc are skipped. */
export function setWeights(
  doc: Y.Doc,
  weights: Readonly<Record<string, number>>,
  origin?: unknown,
): boolean {
  let all = true
  doc.transact(() => {
    for (const [factorId, weight] of Object.entries(weights)) {
      const factor = factorMap(doc, factorId)
      if (factor === null) all = false
      else setIfChanged(factor, 'weight', weight)
    }
  }, origin)
  return all
}

/** Sets one scalar field of a factor (label, field, weight, missing, order). */
export function setFactorField(
  doc: Y.Doc,
  factorId: string,
  key: FactorScalarKey,
  value: string | number,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) => setIfChanged(factor, key, value))
}

/** Replaces a factor's transform (params merge in place when the kind stays the same). */
export function setTransform(
  doc: Y.Doc,
  factorId: string,
  transform: Transform,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) => writeTransform(factor, transform))
}

/** Sets one param of a factor's current transform (e.g. `max`, `edges`, `map`, `halfLifeDays`). */
export function setTransformParam(
  doc: Y.Doc,
  factorId: string,
  key: string,
  value: unknown,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) => writeTransformParam(factor, key, value))
}

/**
 * Switches a factor's transform kind in one edit: the params that kind had here come back, or
 * `fallback`'s the first time. The params of the kind left are kept for switching back.
 */
export function setTransformKind(
  doc: Y.Doc,
  factorId: string,
  kind: TransformKind,
  fallback: Transform,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) => switchTransformKind(factor, kind, fallback))
}

/** A fresh factor id: random, so factors added by two peers apart never replace each other. */
export function newFactorId(): string {
  return newDocId('f-')
}

/** Adds a factor at `index` (default: last); false when its id is taken. */
export function addFactor(
  doc: Y.Doc,
  factor: FactorInput,
  index?: number,
  origin?: unknown,
): boolean {
  if (factorsMap(doc).has(factor.id)) return false
  doc.transact(() => {
    writeFactor(factorsMap(doc), factor, orderAt(factorsMap(doc), factor.id, index))
  }, origin)
  return true
}

/** Removes a factor. */
export function removeFactor(doc: Y.Doc, factorId: string, origin?: unknown): boolean {
  const factors = factorsMap(doc)
  if (!factors.has(factorId)) return false
  doc.transact(() => factors.delete(factorId), origin)
  return true
}

/**
 * Moves a factor to `toIndex` among the others by giving it an order between its new neighbours,
 * so a concurrent move of another factor does not conflict with this one.
 */
export function moveFactor(
  doc: Y.Doc,
  factorId: string,
  toIndex: number,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) =>
    setIfChanged(factor, 'order', orderAt(factorsMap(doc), factorId, toIndex)),
  )
}

/** Replaces the tiers, position by position (see writeTiers): unchanged tiers are not touched. */
export function setTiers(doc: Y.Doc, tiers: readonly Tier[], origin?: unknown): void {
  doc.transact(() => writeTiers(doc, tiers), origin)
}

/** Sets a tier's name or minimum; false when the tier is not in the doc. */
export function setTierField(
  doc: Y.Doc,
  tierId: string,
  key: TierKey,
  value: string | number,
  origin?: unknown,
): boolean {
  const tier = tierMap(doc, tierId)
  if (tier === null) return false
  doc.transact(() => setIfChanged(tier, key, value), origin)
  return true
}

/** Adds a tier at `index` (default: last) under a fresh id, which it returns. */
export function addTier(doc: Y.Doc, tier: Tier, index?: number, origin?: unknown): string {
  const id = newDocId('t-')
  doc.transact(() => {
    migrateLegacyTiers(doc)
    const order = orderAt(tiersMap(doc), id, index)
    const fields = newEntry(tiersMap(doc), id)
    fields.set('name', tier.name)
    fields.set('min', tier.min)
    fields.set('order', order)
  }, origin)
  return id
}

/** Removes a tier; false when it is not in the doc. */
export function removeTier(doc: Y.Doc, tierId: string, origin?: unknown): boolean {
  const tiers = tiersMap(doc)
  if (!tiers.has(tierId)) return false
  doc.transact(() => tiers.delete(tierId), origin)
  return true
}

/** Sets the model's display name. */
export function setName(doc: Y.Doc, name: string, origin?: unknown): void {
  doc.transact(() => setIfChanged(metaMap(doc), 'name', name), origin)
}

/** Sets or (with undefined) removes the model's description. */
export function setDescription(
  doc: Y.Doc,
  description: string | undefined,
  origin?: unknown,
): void {
  doc.transact(() => {
    if (description === undefined) metaMap(doc).delete('description')
    else setIfChanged(metaMap(doc), 'description', description)
  }, origin)
}

/** Names (or with undefined, un-names) the lead property holding the outcome a backtest reads. */
export function setOutcomeField(
  doc: Y.Doc,
  outcomeField: string | undefined,
  origin?: unknown,
): void {
  doc.transact(() => {
    if (outcomeField === undefined) metaMap(doc).delete('outcomeField')
    else setIfChanged(metaMap(doc), 'outcomeField', outcomeField)
  }, origin)
}

function editFactor(
  doc: Y.Doc,
  factorId: string,
  origin: unknown,
  edit: (factor: Y.Map<unknown>) => boolean | void,
): boolean {
  const factor = factorMap(doc, factorId)
  if (factor === null) return false
  let applied = true
  doc.transact(() => {
    applied = edit(factor) !== false
  }, origin)
  return applied
}

/** An order value that places entry `id` at `index` among the others of `map` (default: last). */
function orderAt(map: Y.Map<unknown>, id: string, index?: number): number {
  const orders: number[] = []
  map.forEach((value, key) => {
    if (key === id || !(value instanceof Y.Map)) return
    const order = value.get('order')
    if (typeof order === 'number' && Number.isFinite(order)) orders.push(order)
  })
  orders.sort((a, b) => a - b)
  const at = Math.max(0, Math.min(index ?? orders.length, orders.length))
  const before = orders[at - 1]
  const after = orders[at]
  if (before === undefined) return after === undefined ? 0 : after - 1
  if (after === undefined) return before + 1
  return (before + after) / 2
}
