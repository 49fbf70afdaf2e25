import * as Y from 'yjs'
import { TRANSFORM_KINDS, type TransformKind } from './model-schema.ts'

/**
 * The Y.Doc layout of a model (DESIGN.md). The only place that names the doc's root types:
 * - `meta`: a Y.Map of the model's scalar fields (`id`, `name`, `description`, `outcomeField`);
 * - `factors`: a Y.Map keyed by factor id (random, see new-doc-id.ts), each factor a nested Y.Map
 *   of its scalar fields (`label`, `field`, `weight`, `missing`, `order`) and `transform`;
 * - `transform`: a Y.Map of `kind` and one nested Y.Map of params per kind used so far (`linear`,
 *   `category`…), so switching kinds and back restores the params, and concurrent edits of
 *   different params merge. A category `map` is itself a Y.Map keyed by category value (any own
 *   key, `__proto__` and `constructor` included); `edges` and `scores` are whole JSON arrays;
 * - `tiers`: a Y.Map keyed by a random tier id, each tier a Y.Map of `name`, `min` and `order`, so
 *   concurrent edits of different tiers merge. Their rules (strictly decreasing mins) are checked
 *   by validation, never by the merge.
 * - `tests`: a Y.Map keyed by test id (random when made in the editor), each test a Y.Map of
 *   `label`, `asOf`, `lead` and `expect` (those two as whole JSON values) and `order`, so
 *   concurrent edits of different tests merge.
 * Older docs kept `meta.tiers` as one JSON array and a transform's params flat beside `kind`; both
 * are still read, and rewritten in this layout on the first edit.
 * `order` decides the order of factors and tiers (ties by id); it is never part of the model.
 */
export const META_KEY = 'meta'
export const FACTORS_KEY = 'factors'
export const TIERS_KEY = 'tiers'
export const TESTS_KEY = 'tests'

/** Model fields stored as scalars in `meta`. */
export const META_KEYS = ['id', 'name', 'description', 'outcomeField'] as const
/** Keys a factor's Y.Map holds besides its transform. */
export const FACTOR_SCALAR_KEYS = ['label', 'field', 'weight', 'missing', 'order'] as const
export const FACTOR_KEYS = [...FACTOR_SCALAR_KEYS, 'transform'] as const
/** Keys a model test's Y.Map holds (its id is the key; `lead` and `expect` are whole JSON values). */
export const TEST_KEYS = ['label', 'asOf', 'lead', 'expect', 'order'] as const
/** Keys a tier's Y.Map holds. */
export const TIER_KEYS = ['name', 'min', 'order'] as const
/** The pre-tiers-map key of the tiers array in `meta`, read for older docs. */
export const LEGACY_TIERS_KEY = 'tiers'

export type FactorScalarKey = (typeof FACTOR_SCALAR_KEYS)[number]
export type TierKey = 'name' | 'min'

const KINDS: ReadonlySet<string> = new Set(TRANSFORM_KINDS)

/** True when `key` names a transform kind (a params sub-map), not a param. */
export function isTransformKind(key: unknown): key is TransformKind {
  return typeof key === 'string' && KINDS.has(key)
}

/** The doc's `meta` map; throws only when local code defined that root as another type. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_KEY)
}

/** The doc's `factors` map, keyed by factor id. */
export function factorsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(FACTORS_KEY)
}

/** The doc's `tiers` map, keyed by tier id. */
export function tiersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(TIERS_KEY)
}

/** The doc's `tests` map, keyed by test id. */
export function testsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(TESTS_KEY)
}

/** The model's root types, e.g. the scope of an undo manager. */
export function modelRoots(doc: Y.Doc): Y.Map<unknown>[] {
  return [metaMap(doc), factorsMap(doc), tiersMap(doc), testsMap(doc)]
}

/** The nested map of one factor, or null when absent or when a peer stored something else there. */
export function factorMap(doc: Y.Doc, factorId: string): Y.Map<unknown> | null {
  const value = factorsMap(doc).get(factorId)
  return value instanceof Y.Map ? value : null
}

/** The nested map of one tier, or null when absent or not a map. */
export function tierMap(doc: Y.Doc, tierId: string): Y.Map<unknown> | null {
  const value = tiersMap(doc).get(tierId)
  return value instanceof Y.Map ? value : null
}

/** The Y.Maps of `map`'s entries sorted by their `order` (ties by key), skipping non-maps. */
export function orderedMaps(map: Y.Map<unknown>): [string, Y.Map<unknown>][] {
  const entries: [string, Y.Map<unknown>][] = []
  map.forEach((value, key) => {
    if (value instanceof Y.Map) entries.push([key, value as Y.Map<unknown>])
  })
  return entries.sort(
    ([a, x], [b, y]) => orderOf(x.get('order')) - orderOf(y.get('order')) || compareKeys(a, b),
  )
}

/** An entry's sort position: its `order` when it is a finite number, else after all others. */
export function orderOf(order: unknown): number {
  return typeof order === 'number' && Number.isFinite(order) ? order : Number.POSITIVE_INFINITY
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * True when a transaction changed the model's roots or anything inside them, so a reader can skip
 * re-reading the model after transactions that touched only other shared types.
 */
export function isModelTransaction(transaction: Y.Transaction): boolean {
  const roots = [META_KEY, FACTORS_KEY, TIERS_KEY, TESTS_KEY].map((key) =>
    transaction.doc.share.get(key),
  )
  for (const type of transaction.changedParentTypes.keys()) if (roots.includes(type)) return true
  for (const type of transaction.changed.keys()) if (roots.includes(type)) return true
  return false
}
