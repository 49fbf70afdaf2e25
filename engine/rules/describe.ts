import type { FindingPath } from '../../shared/finding-schema.ts'
import type { Factor } from '../../shared/model-schema.ts'

/** A number as people read it: float noise trimmed (0.9500000000000001 → 0.95), NaN and ±Infinity by name. */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(12))) : String(n)
}

/** What a JSON value is, for "found …" in a message: `the string "0.25"`, `null`, `an array`. */
export function describeValue(x: unknown): string {
  if (x === undefined) return 'nothing'
  if (x === null) return 'null'
  if (typeof x === 'string') return `the string ${JSON.stringify(x)}`
  if (typeof x === 'number') return Number.isFinite(x) ? `the number ${formatNumber(x)}` : String(x)
  if (typeof x === 'boolean') return `the boolean ${x}`
  if (Array.isArray(x)) return 'an array'
  if (typeof x === 'object') return 'an object'
  return `a ${typeof x}`
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** A finding path as a property access: `factors[0].transform.min`; the empty path is the model. */
export function pathText(path: FindingPath): string {
  if (path.length === 0) return 'the model'
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`
      if (IDENTIFIER.test(key)) return i === 0 ? key : `.${key}`
      return `[${JSON.stringify(key)}]`
    })
    .join('')
}

/** How a message names a factor: by its label, as the editor shows it (by id when unlabelled). */
export function factorName(factor: Factor): string {
  const label = factor.label.trim()
  return label === '' ? `Factor "${factor.id}"` : `Factor "${label}"`
}
