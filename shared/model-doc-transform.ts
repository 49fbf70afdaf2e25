import * as Y from 'yjs'
import { defineOwn } from './define-own.ts'
import { isTransformKind } from './model-doc-layout.ts'
import type { Transform, TransformKind } from './model-schema.ts'
import { copyJson, deleteKeysOutside, setIfChanged, toPlain } from './model-doc-values.ts'

/*
 * A factor's `transform` Y.Map: `kind`, and one params Y.Map per kind used so far (layout in
 * model-doc-layout.ts). Only the params of the current kind are part of the model.
 */

/** The transform as model JSON (`kind` and the current kind's params); a non-map is returned as is. */
export function readTransform(value: unknown): unknown {
  if (!(value instanceof Y.Map)) return toPlain(value)
  const transform = value as Y.Map<unknown>
  const out: Record<string, unknown> = {}
  const kind = transform.get('kind')
  if (kind !== undefined) out.kind = toPlain(kind)
  const params = isTransformKind(kind) ? transform.get(kind) : undefined
  if (params instanceof Y.Map) {
    params.forEach((param, key) => defineOwn(out, key, readParam(key, param)))
  } else {
    // An older doc keeps the params flat beside `kind`.
    transform.forEach((param, key) => {
      if (key !== 'kind' && !isTransformKind(key)) defineOwn(out, key, toPlain(param))
    })
  }
  return out
}

/** Writes `transform` as the factor's current kind and params, keeping other kinds' params. */
export function writeTransform(factor: Y.Map<unknown>, transform: Transform): void {
  const kinds = transformMap(factor)
  const params = paramsMap(kinds, transform.kind)
  const keys: string[] = []
  for (const [key, value] of Object.entries(transform)) {
    if (key === 'kind' || value === undefined) continue
    keys.push(key)
    writeParam(params, key, value)
  }
  deleteKeysOutside(params, keys)
  setIfChanged(kinds, 'kind', transform.kind)
}

/** Sets one param of the factor's current kind; false when the factor has no known kind. */
export function writeTransformParam(factor: Y.Map<unknown>, key: string, value: unknown): boolean {
  const kinds = transformMap(factor)
  const kind = kinds.get('kind')
  if (!isTransformKind(kind) || key === 'kind' || isTransformKind(key)) return false
  writeParam(paramsMap(kinds, kind), key, value)
  return true
}

/**
 * Makes `kind` the factor's current kind: the params it had when last used come back, or
 * `fallback`'s when it was never used here. The other kinds' params stay for switching back.
 */
export function switchTransformKind(
  factor: Y.Map<unknown>,
  kind: TransformKind,
  fallback: Transform,
): void {
  const kinds = transformMap(factor)
  const kept = kinds.get(kind)
  if (!(kept instanceof Y.Map) || kept.size === 0) {
    writeTransform(factor, { ...fallback, kind } as Transform)
    return
  }
  setIfChanged(kinds, 'kind', kind)
}

/** The factor's transform map, created when missing, with an older doc's flat params moved in. */
function transformMap(factor: Y.Map<unknown>): Y.Map<unknown> {
  const current = factor.get('transform')
  if (!(current instanceof Y.Map)) {
    return factor.set('transform', new Y.Map<unknown>()) as Y.Map<unknown>
  }
  const kinds = current as Y.Map<unknown>
  const flat = [...kinds.keys()].filter((key) => key !== 'kind' && !isTransformKind(key))
  if (flat.length === 0) return kinds
  const kind = kinds.get('kind')
  if (isTransformKind(kind) && !(kinds.get(kind) instanceof Y.Map)) {
    const params = paramsMap(kinds, kind)
    for (const key of flat) writeParam(params, key, toPlain(kinds.get(key)))
  }
  for (const key of flat) kinds.delete(key)
  return kinds
}

function paramsMap(kinds: Y.Map<unknown>, kind: TransformKind): Y.Map<unknown> {
  const current = kinds.get(kind)
  if (current instanceof Y.Map) return current as Y.Map<unknown>
  return kinds.set(kind, new Y.Map<unknown>()) as Y.Map<unknown>
}

function writeParam(params: Y.Map<unknown>, key: string, value: unknown): void {
  if (key === 'map' && isPlainObject(value)) writeCategoryMap(params, value)
  else setIfChanged(params, key, copyJson(value))
}

/**
 * A category map as a Y.Map keyed by category value: concurrent edits of different categories
 * merge, and any own key works (a plain object value could not hold `constructor` or `__proto__`).
 */
function writeCategoryMap(params: Y.Map<unknown>, map: Record<string, unknown>): void {
  const current = params.get('map')
  const target =
    current instanceof Y.Map
      ? (current as Y.Map<unknown>)
      : (params.set('map', new Y.Map<unknown>()) as Y.Map<unknown>)
  const keys = Object.keys(map)
  for (const key of keys) setIfChanged(target, key, copyJson(map[key]))
  deleteKeysOutside(target, keys)
}

function readParam(key: string, value: unknown): unknown {
  if (key === 'map' && value instanceof Y.Map) {
    const out: Record<string, unknown> = {}
    value.forEach((score, category) => defineOwn(out, category, toPlain(score)))
    return out
  }
  return toPlain(value)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
