import * as Y from 'yjs'
import type { z } from 'zod'
import { FINDING_CODES } from './finding-codes.ts'
import type { Finding } from './finding-schema.ts'
import { factorsMap, metaMap } from './model-doc-layout.ts'
import { ModelSchema, type Model } from './model-schema.ts'

/**
 * Everything a doc holds in the model's roots, as plain JSON: meta fields and each factor's fields
 * (with its `order`) keyed by factor id. A peer may have written anything, so nothing here is typed
 * beyond "JSON-ish"; a factor that is not a map is kept as the raw value it is.
 */
export interface DocFields {
  meta: Record<string, unknown>
  factors: Record<string, unknown>
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
    factorsMap(doc).forEach((value, key) => {
      factors[key] = toPlain(value)
    })
    return { meta: plainRecord(metaMap(doc)), factors }
  } catch {
    // A root was defined locally as another type: the doc holds no model we can read.
    return { meta: {}, factors: {} }
  }
}

/** The model-shaped JSON a doc holds (factors in their `order`), for ModelSchema or validateModel. */
export function readModelInput(doc: Y.Doc): unknown {
  return modelInputOf(readDocFields(doc))
}

/** Shapes DocFields as model JSON: meta keys at the top, factors sorted by `order` then id. */
export function modelInputOf(fields: DocFields): Record<string, unknown> {
  const entries = Object.entries(fields.factors).map(([id, value]) => ({
    id,
    value,
    order: orderOf(value),
  }))
  entries.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const factors = entries.map(({ id, value }) => {
    if (!isRecord(value)) return value
    const { order: _order, ...rest } = value
    return { id, ...rest }
  })
  return { ...fields.meta, factors }
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
  if (parsed.success) return { model: parsed.data, findings: [] }
  return { model: null, findings: parsed.error.issues.map(issueFinding) }
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

function orderOf(value: unknown): number {
  const order = isRecord(value) ? value.order : undefined
  return typeof order === 'number' && Number.isFinite(order) ? order : Number.POSITIVE_INFINITY
}

function plainRecord(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  map.forEach((value, key) => {
    out[key] = toPlain(value)
  })
  return out
}

/** Y types become their JSON; plain values are already what was written. */
function toPlain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
