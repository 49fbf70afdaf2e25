import { z } from 'zod'
import { defineOwn } from './define-own.ts'

/** An object with string keys: zod's record answers whether a value is one, with its own issue. */
const StringKeyedSchema = z.record(z.string(), z.unknown())
const ScoreSchema = z.number()

/**
 * A category transform's scores by value: an object of numbers. zod's record skips an own
 * "__proto__" key (so that its result's prototype cannot be set), yet a lead may hold the value
 * "__proto__". This map reads every own enumerable key, checks each value as the record would
 * (same issues, same paths) and copies it with defineOwn, so "__proto__" stays an own data property.
 *
 * A custom type has no JSON Schema of its own: its metadata is the record's, and the OpenAPI
 * document (generated with `unrepresentable: 'any'`) shows that.
 */
export const CategoryMapSchema = z
  .custom<Record<string, number>>()
  .check(readScores)
  .meta({
    type: 'object',
    propertyNames: { type: 'string' },
    additionalProperties: { type: 'number' },
  })

function readScores(payload: z.core.ParsePayload<unknown>): void {
  const input = payload.value
  const keyed = StringKeyedSchema.safeParse(input)
  if (!keyed.success) {
    for (const issue of keyed.error.issues) payload.issues.push(raise(issue, issue.path, input))
    return
  }
  const raw = input as Record<string, unknown>
  const scores: Record<string, number> = {}
  for (const key of Object.keys(raw)) {
    const score = ScoreSchema.safeParse(raw[key])
    if (score.success) {
      defineOwn(scores, key, score.data)
      continue
    }
    for (const issue of score.error.issues) {
      payload.issues.push(raise(issue, [key, ...issue.path], raw[key]))
    }
  }
  payload.value = scores
}

/**
 * An issue of a nested parse, raised again at `path` under this map; `input` is the value that
 * parse read (zod keeps it only when asked to report inputs).
 */
function raise(issue: z.core.$ZodIssue, path: PropertyKey[], input: unknown): z.core.$ZodRawIssue {
  return { ...issue, path, input } as z.core.$ZodRawIssue
}
