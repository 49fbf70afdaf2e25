import * as Y from 'yjs'
import { FINDING_CODES } from './finding-codes.ts'
import type { Finding } from './finding-schema.ts'
import { FACTOR_KEYS, META_KEYS, factorsMap, metaMap } from './model-doc-layout.ts'
import type { FactorInput, ModelInput, Tier, Transform } from './model-schema.ts'

export type WriteModelResult = { ok: true } | { ok: false; findings: Finding[] }

/**
 * Makes the doc hold exactly `model`, in one transaction. Only values that differ are written, so
 * the change is as small as the difference and concurrent edits of untouched fields survive.
 * Factor ids must be unique (the doc keys factors by id): duplicates are refused, nothing written.
 */
export function writeModel(doc: Y.Doc, model: ModelInput, origin?: unknown): WriteModelResult {
  const duplicates = duplicateIds(model.factors)
  if (duplicates.length > 0) return { ok: false, findings: duplicates }
  doc.transact(() => {
    const meta = metaMap(doc)
    setIfChanged(meta, 'id', model.id)
    setIfChanged(meta, 'name', model.name)
    if (model.description === undefined) meta.delete('description')
    else setIfChanged(meta, 'description', model.description)
    setIfChanged(meta, 'tiers', copyTiers(model.tiers))
    deleteKeysOutside(meta, META_KEYS)

    const factors = factorsMap(doc)
    const ids = new Set(model.factors.map((f) => f.id))
    for (const key of [...factors.keys()]) if (!ids.has(key)) factors.delete(key)
    model.factors.forEach((factor, index) => writeFactor(factors, factor, index))
  }, origin)
  return { ok: true }
}

/** Writes one factor into the factors map at `order`, creating its map when missing. */
export function writeFactor(factors: Y.Map<unknown>, factor: FactorInput, order: number): void {
  let map = factors.get(factor.id)
  if (!(map instanceof Y.Map)) map = factors.set(factor.id, new Y.Map<unknown>())
  const fields = map as Y.Map<unknown>
  setIfChanged(fields, 'label', factor.label)
  setIfChanged(fields, 'field', factor.field)
  setIfChanged(fields, 'weight', factor.weight)
  setIfChanged(fields, 'missing', factor.missing ?? 0)
  setIfChanged(fields, 'order', order)
  writeTransform(fields, factor.transform)
  deleteKeysOutside(fields, FACTOR_KEYS)
}

/**
 * Writes a transform into a factor's map: params in place when the kind is unchanged, a fresh map
 * when it changes (so a concurrent param edit of the old kind cannot leak into the new one).
 */
export function writeTransform(factor: Y.Map<unknown>, transform: Transform): void {
  const current = factor.get('transform')
  const params =
    current instanceof Y.Map && current.get('kind') === transform.kind
      ? (current as Y.Map<unknown>)
      : (factor.set('transform', new Y.Map<unknown>()) as Y.Map<unknown>)
  const entries = Object.entries(transform).filter(([, value]) => value !== undefined)
  for (const [key, value] of entries) setIfChanged(params, key, copyJson(value))
  deleteKeysOutside(
    params,
    entries.map(([key]) => key),
  )
}

/** Sets a key unless it already holds an equal JSON value (no-op writes would still be updates). */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  const current = map.get(key)
  if (current instanceof Y.AbstractType || !jsonEqual(current, value)) map.set(key, value)
}

/** A JSON value copied, so later mutation of the caller's object cannot alias doc content. */
export function copyJson<T>(value: T): T {
  return typeof value === 'object' && value !== null
    ? (JSON.parse(JSON.stringify(value)) as T)
    : value
}

/** Tiers as the plain JSON value stored in meta. */
export function copyTiers(tiers: readonly Tier[]): Tier[] {
  return tiers.map(({ name, min }) => ({ name, min }))
}

function deleteKeysOutside(map: Y.Map<unknown>, allowed: readonly string[]): void {
  for (const key of [...map.keys()]) if (!allowed.includes(key)) map.delete(key)
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}

function duplicateIds(factors: readonly FactorInput[]): Finding[] {
  const seen = new Set<string>()
  const findings: Finding[] = []
  factors.forEach((factor, index) => {
    if (seen.has(factor.id)) {
      findings.push({
        code: FINDING_CODES.duplicateFactorId,
        severity: 'error',
        path: ['factors', index, 'id'],
        message: `Factor id "${factor.id}" is used more than once.`,
        hint: 'Give every factor its own id.',
      })
    }
    seen.add(factor.id)
  })
  return findings
}
