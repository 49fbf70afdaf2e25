import * as Y from 'yjs'
import { FINDING_CODES } from './finding-codes.ts'
import type { Finding } from './finding-schema.ts'
import {
  FACTOR_KEYS,
  LEGACY_TIERS_KEY,
  META_KEYS,
  TIER_KEYS,
  factorsMap,
  metaMap,
  orderedMaps,
  tiersMap,
} from './model-doc-layout.ts'
import { writeTests } from './model-doc-tests.ts'
import { writeTransform } from './model-doc-transform.ts'
import { deleteKeysOutside, setIfChanged } from './model-doc-values.ts'
import { newDocId } from './new-doc-id.ts'
import type { FactorInput, ModelInput, Tier } from './model-schema.ts'

export type WriteModelResult = { ok: true } | { ok: false; findings: Finding[] }

/**
 * Makes the doc hold exactly `model`, in one transaction. Only values that differ are written, so
 * the change is as small as the difference and concurrent edits of untouched fields survive.
 * Factor and test ids must be unique (the doc keys both by id): duplicates are refused, nothing
 * written.
 */
export function writeModel(doc: Y.Doc, model: ModelInput, origin?: unknown): WriteModelResult {
  const duplicates = [
    ...duplicateIds(model.factors, 'factors', 'Factor'),
    ...duplicateIds(model.tests ?? [], 'tests', 'Test'),
  ]
  if (duplicates.length > 0) return { ok: false, findings: duplicates }
  doc.transact(() => {
    const meta = metaMap(doc)
    setIfChanged(meta, 'id', model.id)
    setIfChanged(meta, 'name', model.name)
    if (model.description === undefined) meta.delete('description')
    else setIfChanged(meta, 'description', model.description)
    if (model.outcomeField === undefined) meta.delete('outcomeField')
    else setIfChanged(meta, 'outcomeField', model.outcomeField)
    deleteKeysOutside(meta, META_KEYS)
    writeTiers(doc, model.tiers)

    const factors = factorsMap(doc)
    const ids = new Set(model.factors.map((f) => f.id))
    for (const key of [...factors.keys()]) if (!ids.has(key)) factors.delete(key)
    model.factors.forEach((factor, index) => writeFactor(factors, factor, index))
    writeTests(doc, model.tests ?? [])
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
 * Makes the tiers map hold `tiers` in this order: the tier at each position keeps its id and only
 * changed fields are written, so a concurrent edit of another tier survives; missing tiers are
 * added with fresh ids, extra ones removed. An older doc's `meta.tiers` array is moved here.
 */
export function writeTiers(doc: Y.Doc, tiers: readonly Tier[]): void {
  const map = tiersMap(doc)
  metaMap(doc).delete(LEGACY_TIERS_KEY)
  const current = orderedMaps(map)
  tiers.forEach((tier, index) => {
    const existing = current[index]
    const fields = existing ? existing[1] : newEntry(map, newDocId('t-'))
    setIfChanged(fields, 'name', tier.name)
    setIfChanged(fields, 'min', tier.min)
    setIfChanged(fields, 'order', index)
    deleteKeysOutside(fields, TIER_KEYS)
  })
  for (const [id] of current.slice(tiers.length)) map.delete(id)
  map.forEach((value, key) => {
    if (!(value instanceof Y.Map)) map.delete(key)
  })
}

/** Moves an older doc's `meta.tiers` array into the tiers map, before a tier is edited by id. */
export function migrateLegacyTiers(doc: Y.Doc): void {
  const legacy = metaMap(doc).get(LEGACY_TIERS_KEY)
  if (legacy === undefined || tiersMap(doc).size > 0) return
  const tiers = Array.isArray(legacy) ? (legacy as unknown[]) : []
  writeTiers(
    doc,
    tiers.map((tier) => {
      const { name, min } = (typeof tier === 'object' && tier !== null ? tier : {}) as Tier
      return { name, min }
    }),
  )
}

/** Adds an empty Y.Map under `key` of `map` and returns it. */
export function newEntry(map: Y.Map<unknown>, key: string): Y.Map<unknown> {
  return map.set(key, new Y.Map<unknown>()) as Y.Map<unknown>
}

function duplicateIds(
  entries: readonly { id: string }[],
  list: 'factors' | 'tests',
  noun: 'Factor' | 'Test',
): Finding[] {
  const seen = new Set<string>()
  const findings: Finding[] = []
  entries.forEach((entry, index) => {
    if (seen.has(entry.id)) {
      findings.push({
        code: list === 'factors' ? FINDING_CODES.duplicateFactorId : FINDING_CODES.duplicateTestId,
        severity: 'error',
        path: [list, index, 'id'],
        message: `${noun} id "${entry.id}" is used more than once.`,
        hint: `Give every ${noun.toLowerCase()} its own id.`,
      })
    }
    seen.add(entry.id)
  })
  return findings
}
