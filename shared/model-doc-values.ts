import * as Y from 'yjs'

/** Sets a key unless it already holds an equal JSON value (no-op writes would still be updates). */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  const current = map.get(key)
  if (current instanceof Y.AbstractType || !jsonEqual(current, value)) map.set(key, value)
}

/** A JSON value copied, so later mutation of the caller's object cannot alias doc content. */
export function copyJson<T>(value: T): T {
  return typeof value === 'object' && value !== null
    ? (JSON.parse(JSON.stringify(value)) as T)
    : value
}

/** Deletes every key of `map` that is not in `allowed`. */
export function deleteKeysOutside(map: Y.Map<unknown>, allowed: readonly string[]): void {
  for (const key of [...map.keys()]) if (!allowed.includes(key)) map.delete(key)
}

/** Y types become their JSON; plain values are already what was written. */
export function toPlain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  return JSON.stringify(a) === JSON.stringify(b)
}
