import * as Y from 'yjs'
import { factorMap, factorsMap, metaMap, type FactorScalarKey } from './model-doc-layout.ts'
import {
  copyJson,
  copyTiers,
  setIfChanged,
  writeFactor,
  writeTransform,
} from './model-doc-write.ts'
import type { FactorInput, Tier, Transform } from './model-schema.ts'

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

/** Sets one param of a factor's current transform (e.g. `max`, `edges`, `halfLifeDays`). */
export function setTransformParam(
  doc: Y.Doc,
  factorId: string,
  key: string,
  value: unknown,
  origin?: unknown,
): boolean {
  return editFactor(doc, factorId, origin, (factor) => {
    const params = factor.get('transform')
    if (!(params instanceof Y.Map) || key === 'kind') return false
    setIfChanged(params as Y.Map<unknown>, key, copyJson(value))
    return true
  })
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
    writeFactor(factorsMap(doc), factor, orderAt(doc, factor.id, index))
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
    setIfChanged(factor, 'order', orderAt(doc, factorId, toIndex)),
  )
}

/** Replaces the tiers (one value: their ordering rules couple every entry). */
export function setTiers(doc: Y.Doc, tiers: readonly Tier[], origin?: unknown): void {
  doc.transact(() => setIfChanged(metaMap(doc), 'tiers', copyTiers(tiers)), origin)
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

/** An order value that places `factorId` at `index` among the other factors (default: last). */
function orderAt(doc: Y.Doc, factorId: string, index?: number): number {
  const orders: number[] = []
  factorsMap(doc).forEach((value, key) => {
    if (key === factorId || !(value instanceof Y.Map)) return
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
