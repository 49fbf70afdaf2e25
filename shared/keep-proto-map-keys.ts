import { defineOwn } from './define-own.ts'
import type { Model } from './model-schema.ts'

/**
 * zod drops a record's own "__proto__" key (and does not check its value), yet a category map may
 * legitimately score a lead whose value is the string "__proto__". This puts such a key back on
 * the parsed model's map as an own property, and returns the paths of those whose value is not a
 * finite number (the model is then not valid).
 */
export function keepProtoMapKeys(input: unknown, model: Model): (string | number)[][] {
  const bad: (string | number)[][] = []
  model.factors.forEach((factor, i) => {
    if (factor.transform.kind !== 'category') return
    const raw = rawMapOf(input, i)
    if (raw === undefined || !Object.hasOwn(raw, '__proto__')) return
    const value = raw['__proto__']
    if (typeof value === 'number' && Number.isFinite(value)) {
      defineOwn(factor.transform.map, '__proto__', value)
    } else {
      bad.push(['factors', i, 'transform', 'map', '__proto__'])
    }
  })
  return bad
}

function rawMapOf(input: unknown, i: number): Record<string, unknown> | undefined {
  const factors = (input as { factors?: unknown }).factors
  const factor = Array.isArray(factors) ? (factors[i] as unknown) : undefined
  const transform = (factor as { transform?: unknown } | undefined)?.transform
  const map = (transform as { map?: unknown } | undefined)?.map
  return map !== null && typeof map === 'object' ? (map as Record<string, unknown>) : undefined
}
