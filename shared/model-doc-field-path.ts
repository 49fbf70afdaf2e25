import type { FieldChange } from './model-doc-diff.ts'
import { modelInputOf, type DocFields } from './model-doc-read.ts'
import { toJsonValue, type JsonValue } from './to-json-value.ts'

/**
 * The stable, readable path of a change-feed field: `name`, `tiers`, `tests.<id>.lead`, and for a
 * factor `factors.<id>.weight`, `factors.<id>.transform.max`, or `factors.<id>` when the whole
 * factor was added or removed.
 */
export function fieldPath({ factorId, field }: Pick<FieldChange, 'factorId' | 'field'>): string {
  if (factorId === null) return field
  return field === 'factor' ? `factors.${factorId}` : `factors.${factorId}.${field}`
}

/** True when two paths name the same value or one lies inside the other. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`)
}

/** The value a change-feed field has in `fields`, as the feed would report it (null when absent). */
export function readFieldValue(
  fields: DocFields,
  { factorId, field }: Pick<FieldChange, 'factorId' | 'field'>,
): JsonValue {
  if (factorId === null) {
    if (field.startsWith('tests.')) {
      const [, testId = '', key] = field.split('.', 3)
      const test = own(fields.tests, testId)
      return toJsonValue(key === undefined ? withoutOrder(test) : own(test, key))
    }
    return toJsonValue(own(modelInputOf({ ...fields, factors: {}, tests: {} }), field))
  }
  const factor = own(fields.factors, factorId)
  if (field === 'factor') return toJsonValue(withoutOrder(factor))
  if (field.startsWith('transform.')) {
    return toJsonValue(own(own(factor, 'transform'), field.slice('transform.'.length)))
  }
  return toJsonValue(own(factor, field))
}

function own(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return null
  return Object.hasOwn(record, key) ? ((record as Record<string, unknown>)[key] ?? null) : null
}

function withoutOrder(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value ?? null
  const { order: _order, ...rest } = value as Record<string, unknown>
  return rest
}
