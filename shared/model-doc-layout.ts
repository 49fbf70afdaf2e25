import * as Y from 'yjs'

/**
 * The Y.Doc layout of a model (DESIGN.md). The only place that names the doc's root types:
 * - `meta`: a Y.Map of `id`, `name`, `description` and `tiers` (tiers as one JSON value: their
 *   rules — strictly decreasing mins, the last at 0 — couple every entry, so a whole-value
 *   last-writer-wins is the honest merge);
 * - `factors`: a Y.Map keyed by factor id, each factor a nested Y.Map of its scalar fields
 *   (`label`, `field`, `weight`, `missing`, `order`) and `transform`, itself a nested Y.Map of
 *   `kind` and its params, so concurrent edits of different params merge. Arrays and objects
 *   (`edges`, `scores`, `map`) are stored as whole JSON values.
 */
export const META_KEY = 'meta'
export const FACTORS_KEY = 'factors'

/** Keys a factor's Y.Map holds besides its transform. */
export const FACTOR_SCALAR_KEYS = ['label', 'field', 'weight', 'missing', 'order'] as const
export const FACTOR_KEYS = [...FACTOR_SCALAR_KEYS, 'transform'] as const
export const META_KEYS = ['id', 'name', 'description', 'tiers'] as const

export type FactorScalarKey = (typeof FACTOR_SCALAR_KEYS)[number]

/** The doc's `meta` map; throws only when local code defined that root as another type. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_KEY)
}

/** The doc's `factors` map, keyed by factor id. */
export function factorsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(FACTORS_KEY)
}

/** The nested map of one factor, or null when absent or when a peer stored something else there. */
export function factorMap(doc: Y.Doc, factorId: string): Y.Map<unknown> | null {
  const value = factorsMap(doc).get(factorId)
  return value instanceof Y.Map ? value : null
}

/**
 * True when a transaction changed the model's roots or anything inside them, so a reader can skip
 * re-reading the model after transactions that touched only other shared types.
 */
export function isModelTransaction(transaction: Y.Transaction): boolean {
  const meta = transaction.doc.share.get(META_KEY)
  const factors = transaction.doc.share.get(FACTORS_KEY)
  for (const type of transaction.changedParentTypes.keys()) {
    if (type === meta || type === factors) return true
  }
  for (const type of transaction.changed.keys()) {
    if (type === meta || type === factors) return true
  }
  return false
}
