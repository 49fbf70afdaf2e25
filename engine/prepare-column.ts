import { readBoolean, readCategoryKey, readInstant, readNumber } from './read-value.ts'

/** How a transform reads its field: numbers, instants (epoch ms), booleans, or category keys. */
export const READERS = {
  number: 'number',
  instant: 'instant',
  boolean: 'boolean',
  category: 'category',
} as const
export type Reader = (typeof READERS)[keyof typeof READERS]

/**
 * A column read once for one reader, so transform kernels run over typed arrays:
 * numbers and instants as Float64Array (NaN = missing), booleans as Int8Array (-1 = missing),
 * categories as codes into a dictionary of distinct `String(x)` keys (readCategoryKey) (-1 = missing).
 */
export type PreparedColumn =
  | { reader: 'number' | 'instant'; values: Float64Array }
  | { reader: 'boolean'; values: Int8Array }
  | { reader: 'category'; codes: Int32Array; keys: string[] }

/**
 * A raw column is an array of lead values, or a Float64Array where NaN means missing
 * (the columnar form the benchmarks and the browser worker use).
 */
export type RawColumn = ArrayLike<unknown> | Float64Array

/** Reads a raw column once for the given reader. */
export function prepareColumn(raw: RawColumn, reader: Reader): PreparedColumn {
  switch (reader) {
    case 'number':
    case 'instant':
      return { reader, values: readFloats(raw, reader === 'number' ? readNumber : readInstant) }
    case 'boolean':
      return { reader, values: readBooleans(raw) }
    case 'category':
      return readCategories(raw)
  }
}

function readFloats(raw: RawColumn, read: (x: unknown) => number): Float64Array {
  if (raw instanceof Float64Array) return finiteOrNaN(raw)
  const out = new Float64Array(raw.length)
  for (let i = 0; i < raw.length; i++) out[i] = read(raw[i])
  return out
}

/** A typed column is used as it is unless it holds infinities, which the contract reads as missing. */
function finiteOrNaN(raw: Float64Array): Float64Array {
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i] as number
    if (x === Infinity || x === -Infinity) return raw.map((y) => (Number.isFinite(y) ? y : NaN))
  }
  return raw
}

function readBooleans(raw: RawColumn): Int8Array {
  const out = new Int8Array(raw.length)
  const typed = raw instanceof Float64Array
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i]
    // NaN in a typed column stands for "missing", which readBoolean also gives for it.
    out[i] = readBoolean(typed && Number.isNaN(x) ? undefined : x)
  }
  return out
}

function readCategories(raw: RawColumn): PreparedColumn {
  const codes = new Int32Array(raw.length)
  const keys: string[] = []
  const index = new Map<string, number>()
  const typed = raw instanceof Float64Array
  for (let i = 0; i < raw.length; i++) {
    const x = raw[i]
    if (x === undefined || x === null || (typed && Number.isNaN(x))) {
      codes[i] = -1
      continue
    }
    if (typeof x === 'string' && x.trim() === '') {
      codes[i] = -1
      continue
    }
    const key = readCategoryKey(x)
    let code = index.get(key)
    if (code === undefined) {
      code = keys.length
      keys.push(key)
      index.set(key, code)
    }
    codes[i] = code
  }
  return { reader: 'category', codes, keys }
}
