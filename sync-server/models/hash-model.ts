import { createHash } from 'node:crypto'
import type { Model } from '../../shared/model-schema.ts'

/** JSON with object keys sorted at every depth, so equal models serialize to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

/** The content hash of a model: sha256 (hex) of its canonical JSON. */
export function hashModel(model: Model): string {
  return createHash('sha256').update(canonicalJson(model)).digest('hex')
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const entry = (value as Record<string, unknown>)[key]
    if (entry !== undefined) out[key] = sortKeys(entry)
  }
  return out
}
