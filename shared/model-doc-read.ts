import * as Y from 'yjs'
import type { z } from 'zod'
import { FINDING_CODES } from './finding-codes.ts'
import type { Finding } from './finding-schema.ts'
import { defineOwn } from './define-own.ts'
import {
  compareKeys,
  factorsMap,
  metaMap,
  orderOf,
  testsMap,
  tiersMap,
} from './model-doc-layout.ts'
import { readTransform } from './model-doc-transform.ts'
import { toPlain } from './model-doc-values.ts'
import { ModelSchema, type Model } from './model-schema.ts'

/**
 * Everything a doc holds in the model's roots, as plain JSON: meta fields, each factor's fields
 * (with its `order`, its transform as model JSON) keyed by factor id, and each tier (with its
 * `order`) keyed by tier id. A peer may have written anything, so nothing here is typed beyond
 * "JSON-ish"; a factor or tier that is not a map is kept as the raw value it is.
 */
export interface DocFields {
  meta: Record<string, unknown>
  factors: Record<string, unknown>
  tiers: Record<string, unknown>
  tests: Record<string, unknown>
}

export interface ReadModelResult {
  /** The parsed model, or null when the doc does not hold one (see findings). */
  model: Model | null
  /** Schema findings; empty when `model` is set. Rule findings come from engine validation. */
  findings: Finding[]
}

/** Reads the model roots of a doc as plain JSON; never throws. */
export function readDocFields(doc: Y.Doc): DocFields {
  try {
    const factors: Record<string, unknown> = {}
    factorsMap(doc).forEach((value, key) => defineOwn(factors, key, plainFactor(value)))
    const tiers: Record<string, unknown> = {}
    tiersMap(doc).forEach((value, key) => defineOwn(tiers, key, toPlain(value)))
    const tests: Record<string, unknown> = {}
    testsMap(doc).forEach((value, key) => defineOwn(tests, key, toPlain(value)))
    return { meta: plainRecord(metaMap(doc)), factors, tiers, tests }
  } catch {
    // A root was defined locally as another type: the doc holds no model we can read.
    return { meta: {}, factors: {}, tiers: {}, tests: {} }
  }
}

/** The model-shaped JSON a doc holds (factors in their `order`), for ModelSchema or validateModel. */
export function readModelInput(doc: Y.Doc): unknown {
  return modelInputOf(readDocFields(doc))
}

/**
 * Shapes DocFields as model JSON: meta keys at the top, factors, tiers and tests sorted by `order`
 * then id, without their ids' internal `order`. Tiers come from the tiers map, or from an older doc's
 * `meta.tiers` while the map is empty.
 */
export function modelInputOf(fields: DocFields): Record<string, unknown> {
  const factors = orderedEntries(fields.factors).map(({ id, value }) =>
    isRecord(value) ? { id, ...withoutOrder(value) } : value,
  )
  const out: Record<string, unknown> = { ...fields.meta, factors }
  const tiers = orderedEntries(fields.tiers)
  if (tiers.length > 0) {
    out.tiers = tiers.map(({ value }) => (isRecord(value) ? withoutOrder(value) : value))
  }
  // A model without tests has no `tests` key, as the file it came from.
  const tests = orderedEntries(fields.tests)
  if (tests.length > 0) {
    out.tests = tests.map(({ id, value }) =>
      isRecord(value) ? { id, ...withoutOrder(value) } : value,
    )
  }
  return out
}

/** The entries of a map read from the doc, by `order` then id (the order the model lists them). */
export function orderedEntries(record: Record<string, unknown>): { id: string; value: unknown }[] {
  return Object.keys(record)
    .map((id) => ({ id, value: record[id] }))
    .sort(
      (a, b) =>
        orderOf(isRecord(a.value) ? a.value.order : undefined) -
          orderOf(isRecord(b.value) ? b.value.order : undefined) || compareKeys(a.id, b.id),
    )
}

/** Parses what a doc holds through ModelSchema: the model, or schema findings (never throws). */
export function readModel(doc: Y.Doc): ReadModelResult {
  return parseModelInput(readModelInput(doc))
}

/** Parses model JSON through ModelSchema into a result with schema findings. */
export function parseModelInput(input: unknown): ReadModelResult {
  if (isEmptyModelInput(input)) {
    return {
      model: null,
      findings: [
        {
          code: FINDING_CODES.schema,
          severity: 'error',
          path: [],
          message: 'The document holds no model yet.',
          hint: 'Import a model or write one into the document.',
        },
      ],
    }
  }
  const parsed = ModelSchema.safeParse(input)
  if (!parsed.success) return { model: null, findings: parsed.error.issues.map(issueFinding) }
  return { model: parsed.data, findings: [] }
}

/** True when a doc has no model fields at all (a new room, or one holding other shared types). */
export function isEmptyModelInput(input: unknown): boolean {
  if (!isRecord(input)) return false
  return (
    Object.keys(input).length === 1 && Array.isArray(input.factors) && input.factors.length === 0
  )
}

function issueFinding(issue: z.core.$ZodIssue): Finding {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))
  const where = path.length === 0 ? 'the model' : path.join('.')
  return {
    code: FINDING_CODES.schema,
    severity: 'error',
    path,
    message: `${where}: ${issue.message}`,
    hint: 'Edit the value so it matches the model format.',
  }
}

function withoutOrder(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) if (key !== 'order') defineOwn(out, key, value[key])
  return out
}

function plainFactor(value: unknown): unknown {
  if (!(value instanceof Y.Map)) return toPlain(value)
  const out: Record<string, unknown> = {}
  value.forEach((field, key) =>
    defineOwn(out, key, key === 'transform' ? readTransform(field) : toPlain(field)),
  )
  return out
}

function plainRecord(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  map.forEach((value, key) => defineOwn(out, key, toPlain(value)))
  return out
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
