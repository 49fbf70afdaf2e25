import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { describeValue, pathText } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

/**
 * zod drops a record's own "__proto__" key (and does not check its value), yet a category map
 * may legitimately score a lead whose value is the string "__proto__". This puts such a key back
 * on the parsed model's map as an own property, or reports a `schema` finding when its value is
 * not a finite number.
 */
export function restoreProtoMapKeys(input: unknown, model: Model): Finding[] {
  const findings: Finding[] = []
  model.factors.forEach((factor, i) => {
    if (factor.transform.kind !== 'category') return
    const raw = rawMapOf(input, i)
    if (raw === undefined || !Object.hasOwn(raw, '__proto__')) return
    const value = raw['__proto__']
    if (typeof value === 'number' && Number.isFinite(value)) {
      Object.defineProperty(factor.transform.map, '__proto__', {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
      return
    }
    const path = ['factors', i, 'transform', 'map', '__proto__']
    findings.push(
      errorFinding(
        FINDING_CODES.schema,
        path,
        `${pathText(path)} must be a finite JSON number, but found ${describeValue(value)}.`,
        'Write the score as a number from 0 to 1, without quotes.',
      ),
    )
  })
  return findings
}

function rawMapOf(input: unknown, i: number): Record<string, unknown> | undefined {
  const factors = (input as { factors?: unknown }).factors
  const factor = Array.isArray(factors) ? (factors[i] as unknown) : undefined
  const transform = (factor as { transform?: unknown } | undefined)?.transform
  const map = (transform as { map?: unknown } | undefined)?.map
  return map !== null && typeof map === 'object' ? (map as Record<string, unknown>) : undefined
}
