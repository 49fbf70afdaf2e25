import { createCategoryValueCache } from './category-value-cache.ts'
import type { FactorKernels } from './factor-kernel.ts'
import { isMissing, readCategoryKey } from './read-value.ts'

/** A category factor's kernels: the map's value for the label's key, or the default. */
export function categoryKernels(
  map: Readonly<Record<string, number>>,
  fallback: number,
  missing: number,
): FactorKernels {
  const of = (key: string): number => (Object.hasOwn(map, key) ? (map[key] as number) : fallback)
  const value = (raw: unknown): number => (isMissing(raw) ? missing : of(readCategoryKey(raw)))
  const inPlace = createCategoryValueCache(value)
  // v by code + 1 for the last column seen; scoring block by block asks for the same one each time.
  let lastKeys: readonly string[] | null = null
  let lastCount = -1
  let table = new Float64Array(0)
  return {
    value,
    fill(column, start, end, out, offset) {
      if (column.reader === 'values') {
        inPlace.fill(column.values, start, end, out, offset)
        return
      }
      const { codes, keys } = column as { codes: Int32Array; keys: string[] }
      if (keys !== lastKeys || keys.length !== lastCount) {
        table = new Float64Array(keys.length + 1)
        table[0] = missing
        for (let k = 0; k < keys.length; k++) table[k + 1] = of(keys[k] as string)
        lastKeys = keys
        lastCount = keys.length
      }
      for (let i = start, o = offset; i < end; i++, o++) {
        out[o] = table[(codes[i] as number) + 1] as number
      }
    },
  }
}
