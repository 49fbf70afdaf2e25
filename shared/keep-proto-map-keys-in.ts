import { keepProtoMapKeys } from './keep-proto-map-keys.ts'
import type { Model } from './model-schema.ts'

/**
 * Puts back, in every model an answer carries, the own "__proto__" category keys that its zod
 * parse dropped (see keepProtoMapKeys). `parsed` is what the schema made of `raw`: the same shape,
 * walked side by side; a model is an object whose factors all carry a transform. A value the
 * schema passed through unparsed is `raw` itself and kept its keys.
 */
export function keepProtoMapKeysIn(raw: unknown, parsed: unknown): void {
  if (!isObject(raw) || !isObject(parsed) || raw === parsed) return
  if (Array.isArray(parsed)) {
    if (Array.isArray(raw)) parsed.forEach((item, i) => keepProtoMapKeysIn(raw[i], item))
    return
  }
  if (isModel(parsed)) {
    keepProtoMapKeys(raw, parsed)
    return
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (Object.hasOwn(raw, key)) keepProtoMapKeysIn((raw as Record<string, unknown>)[key], value)
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object'
}

function isModel(value: object): value is Model {
  const factors = (value as { factors?: unknown }).factors
  return (
    Array.isArray(factors) &&
    factors.every((factor: unknown) => {
      const transform = isObject(factor) ? (factor as { transform?: unknown }).transform : null
      return isObject(transform) && typeof (transform as { kind?: unknown }).kind === 'string'
    })
  )
}
