import { modelInputOf, type DocFields } from './model-doc-read.ts'
import { toJsonValue, type JsonValue } from './to-json-value.ts'

/** One field that changed between two reads of a doc: the unit of the change feed. */
export interface FieldChange {
  /** The factor whose field changed, or null for a model-level field (name, tiers…). */
  factorId: string | null
  /**
   * The field: `label`, `weight`, `transform.max`…; `transform` when the kind changed; `factor`
   * when the whole factor was added (from null) or removed (to null); `tiers` (the whole list)
   * when any tier changed; `tests.<id>` when a model test was added or removed, `tests.<id>.lead`
   * (`label`, `asOf`, `expect`) when one was edited. A factor's internal `order` is never reported.
   */
  field: string
  /** The values as JSON (see toJsonValue): whatever a peer wrote, the feed can store it. */
  from: JsonValue
  to: JsonValue
}

/** The field-level differences between two reads of a doc, model fields first, then factors by id. */
export function diffDocFields(before: DocFields, after: DocFields): FieldChange[] {
  const changes: FieldChange[] = []
  const from = modelInputOf({ ...before, factors: {}, tests: {} })
  const to = modelInputOf({ ...after, factors: {}, tests: {} })
  for (const key of unionKeys(from, to)) {
    if (key !== 'factors') pushIfDifferent(changes, null, key, from[key], to[key])
  }
  for (const factorId of unionKeys(before.factors, after.factors)) {
    diffFactor(changes, factorId, before.factors[factorId], after.factors[factorId])
  }
  for (const testId of unionKeys(before.tests, after.tests)) {
    diffTest(changes, testId, before.tests[testId], after.tests[testId])
  }
  return changes
}

function diffFactor(changes: FieldChange[], factorId: string, from: unknown, to: unknown): void {
  if (!isRecord(from) || !isRecord(to)) {
    pushIfDifferent(changes, factorId, 'factor', withoutOrder(from), withoutOrder(to))
    return
  }
  for (const key of unionKeys(from, to)) {
    if (key === 'transform') diffTransform(changes, factorId, from[key], to[key])
    else if (key !== 'order') pushIfDifferent(changes, factorId, key, from[key], to[key])
  }
}

/** A test added or removed is `tests.<id>` as a whole; an edited one is `tests.<id>.<field>`. */
function diffTest(changes: FieldChange[], testId: string, from: unknown, to: unknown): void {
  const field = `tests.${testId}`
  if (!isRecord(from) || !isRecord(to)) {
    pushIfDifferent(changes, null, field, withoutOrder(from), withoutOrder(to))
    return
  }
  for (const key of unionKeys(from, to)) {
    if (key !== 'order') pushIfDifferent(changes, null, `${field}.${key}`, from[key], to[key])
  }
}

function diffTransform(changes: FieldChange[], factorId: string, from: unknown, to: unknown): void {
  if (!isRecord(from) || !isRecord(to) || from.kind !== to.kind) {
    pushIfDifferent(changes, factorId, 'transform', from, to)
    return
  }
  for (const key of unionKeys(from, to)) {
    pushIfDifferent(changes, factorId, `transform.${key}`, from[key], to[key])
  }
}

function pushIfDifferent(
  changes: FieldChange[],
  factorId: string | null,
  field: string,
  from: unknown,
  to: unknown,
): void {
  if (from === to) return
  const before = toJsonValue(from)
  const after = toJsonValue(to)
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    changes.push({ factorId, field, from: before, to: after })
  }
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
}

function withoutOrder(value: unknown): unknown {
  if (!isRecord(value)) return value ?? null
  const { order: _order, ...rest } = value
  return rest
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
