import * as Y from 'yjs'

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** Nesting deeper than this is cut: a peer can nest types far past any stack JSON.stringify has. */
const MAX_DEPTH = 64

/**
 * Any value a Yjs doc can hold (what a peer wrote, read as plain data) as JSON that JSON.stringify
 * accepts; never throws. Values JSON lacks are tagged: `{$bigint: "10"}`, `{$binary: byteLength}`,
 * `{$doc: guid}` for a subdocument, `{$truncated: true}` below the depth limit; undefined is null.
 */
export function toJsonValue(value: unknown, depth = 0): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'bigint':
      return { $bigint: value.toString() }
    case 'object':
      break
    default:
      // undefined (Yjs stores it); functions and symbols cannot come out of a Yjs update.
      return null
  }
  if (value === null) return null
  if (depth >= MAX_DEPTH) return { $truncated: true }
  if (value instanceof Uint8Array) return { $binary: value.byteLength }
  if (value instanceof Y.Doc) return { $doc: value.guid }
  if (value instanceof Y.AbstractType) return toJsonValue(value.toJSON(), depth)
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, depth + 1))
  // fromEntries defines own properties, so a key such as `__proto__` stays a key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, toJsonValue(item, depth + 1)]),
  )
}
