import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import { keepProtoMapKeys } from '../../shared/keep-proto-map-keys.ts'
import type { Model } from '../../shared/model-schema.ts'
import { describeValue, pathText } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

/**
 * Puts each category map's own "__proto__" key (which zod drops) back on the parsed model, or
 * reports a `schema` finding when its value is not a finite number.
 */
export function restoreProtoMapKeys(input: unknown, model: Model): Finding[] {
  return keepProtoMapKeys(input, model).map((path) =>
    errorFinding(
      FINDING_CODES.schema,
      path,
      `${pathText(path)} must be a finite JSON number, but found ${describeValue(valueAt(input, path))}.`,
      'Write the score as a number from 0 to 1, without quotes.',
    ),
  )
}

function valueAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined
    value = (value as Record<string | number, unknown>)[key]
  }
  return value
}
