import type { z } from 'zod'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding, FindingPath } from '../../shared/finding-schema.ts'
import {
  BooleanTransformSchema,
  BucketsTransformSchema,
  CategoryTransformSchema,
  FactorSchema,
  LinearTransformSchema,
  LogTransformSchema,
  ModelSchema,
  ModelTestSchema,
  RecencyTransformSchema,
  TestExpectationSchema,
  TierSchema,
  TRANSFORM_KINDS,
} from '../../shared/model-schema.ts'
import { closestName } from './closest-name.ts'
import { describeValue, pathText } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

type Issue = z.core.$ZodIssue

/** Turns each zod issue into a `schema` finding that says what was expected, what was found, and what to write. */
export function schemaFindings(issues: readonly Issue[], input: unknown): Finding[] {
  return issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key))
    const [message, hint] = explain(issue, path, input)
    return errorFinding(FINDING_CODES.schema, path, message, hint)
  })
}

function explain(issue: Issue, path: FindingPath, input: unknown): [string, string] {
  const where = pathText(path)
  const found = valueAt(input, path)
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(where, path, issue.expected, found)
    case 'invalid_union':
      if (issue.discriminator === 'kind') return unknownKind(where, found)
      break
    case 'unrecognized_keys':
      return unknownKeys(where, issue.keys, allowedKeys(path, input))
    case 'invalid_format':
      if (path.at(-1) === 'id') {
        return [
          `${where} must be a slug (letters, digits, "-" or "_", starting with a letter or digit, at most 100 characters), but found ${describeValue(found)}.`,
          `Use an id such as "${toSlug(found)}".`,
        ]
      }
      break
    case 'too_small':
      if (issue.origin === 'array') {
        const noun = path.at(-1) === 'tiers' ? 'tier' : 'factor'
        return [
          `${where} needs at least ${issue.minimum} ${noun}, but found none.`,
          noun === 'tier'
            ? 'Add a tier with min 0 so every lead gets a tier.'
            : 'Add a factor that reads a lead field.',
        ]
      }
      if (issue.origin === 'string') {
        return [`${where} must not be empty.`, hintForEmpty(path)]
      }
      break
    case 'too_big':
      if (issue.origin === 'array') {
        const count = Array.isArray(found) ? found.length : 'too many'
        return [
          `${where} has ${count} entries, but at most ${issue.maximum} are allowed.`,
          `Remove or merge entries until there are at most ${issue.maximum}.`,
        ]
      }
      break
  }
  return [
    `${where} is invalid: ${issue.message} (found ${describeValue(found)}).`,
    `Change ${where} to match the model format described in DESIGN.md.`,
  ]
}

function invalidType(
  where: string,
  path: FindingPath,
  expected: string,
  found: unknown,
): [string, string] {
  const wanted = expected === 'number' ? 'a JSON number' : article(expected)
  if (path.length === 0) {
    return [
      `The model must be a JSON object, but found ${describeValue(found)}.`,
      'Provide the model as an object with id, name, factors and tiers.',
    ]
  }
  if (found === undefined) {
    const key = path.at(-1)
    return [
      `${where} is missing; expected ${wanted}.`,
      typeof key === 'string' ? `Add "${key}" with ${wanted}.` : `Add ${wanted} at ${where}.`,
    ]
  }
  if (expected === 'number' && typeof found === 'number') {
    return [
      `${where} must be a finite number, but found ${String(found)}.`,
      'Use a finite number; NaN and Infinity cannot be written in JSON.',
    ]
  }
  if (expected === 'number' && typeof found === 'string' && Number.isFinite(Number(found.trim()))) {
    const literal = found.trim() === '' ? '0' : String(Number(found.trim()))
    return [
      `${where} must be a JSON number, but found ${describeValue(found)}; numbers in a model are never read from strings.`,
      `Write ${literal} without quotes.`,
    ]
  }
  if (expected === 'boolean' && (found === 'true' || found === 'false')) {
    return [
      `${where} must be a JSON boolean, but found ${describeValue(found)}.`,
      `Write ${found} without quotes.`,
    ]
  }
  return [
    `${where} must be ${wanted}, but found ${describeValue(found)}.`,
    `Replace it with ${wanted}.`,
  ]
}

function unknownKind(where: string, found: unknown): [string, string] {
  const kinds = TRANSFORM_KINDS.join(', ')
  if (found === undefined) {
    return [`${where.replace(/\.kind$/, '')} has no kind.`, `Add "kind" with one of: ${kinds}.`]
  }
  const guess = typeof found === 'string' ? closestName(found, TRANSFORM_KINDS) : undefined
  return [
    `${where} must be a known transform kind, but found ${describeValue(found)}.`,
    guess !== undefined ? `Did you mean "${guess}"? Kinds are: ${kinds}.` : `Use one of: ${kinds}.`,
  ]
}

function unknownKeys(
  where: string,
  keys: readonly string[],
  allowed: readonly string[],
): [string, string] {
  const list = keys.map((k) => `"${k}"`).join(', ')
  const guesses = keys.flatMap((k) => {
    const guess = allowed.length > 0 ? closestName(k, allowed) : undefined
    return guess === undefined ? [] : [`"${k}" → "${guess}"`]
  })
  const allowedText = allowed.length > 0 ? ` Allowed keys: ${allowed.join(', ')}.` : ''
  return [
    `${where} has unknown ${keys.length === 1 ? 'key' : 'keys'} ${list}.`,
    guesses.length > 0
      ? `Check the spelling (${guesses.join(', ')}).${allowedText}`
      : `Remove ${list}.${allowedText}`,
  ]
}

const TRANSFORM_SCHEMAS = {
  linear: LinearTransformSchema,
  log: LogTransformSchema,
  buckets: BucketsTransformSchema,
  category: CategoryTransformSchema,
  boolean: BooleanTransformSchema,
  recency: RecencyTransformSchema,
} as const

/** The keys the object at `path` may hold, so a misspelt key can be pointed at its intended name. */
function allowedKeys(path: FindingPath, input: unknown): readonly string[] {
  const [head, index, sub] = path
  if (path.length === 0) return Object.keys(ModelSchema.shape)
  if (path.length === 2 && head === 'factors' && typeof index === 'number') {
    return Object.keys(FactorSchema.shape)
  }
  if (path.length === 2 && head === 'tiers') return Object.keys(TierSchema.shape)
  if (path.length === 2 && head === 'tests') return Object.keys(ModelTestSchema.shape)
  if (path.length === 3 && head === 'tests' && sub === 'expect') {
    return Object.keys(TestExpectationSchema.shape)
  }
  if (path.length === 3 && head === 'factors' && sub === 'transform') {
    const kind = valueAt(input, [...path, 'kind'])
    if (typeof kind === 'string' && Object.hasOwn(TRANSFORM_SCHEMAS, kind)) {
      return Object.keys(TRANSFORM_SCHEMAS[kind as keyof typeof TRANSFORM_SCHEMAS].shape)
    }
  }
  return []
}

function hintForEmpty(path: FindingPath): string {
  const key = path.at(-1)
  if (key === 'field') return 'Enter the name of the lead field this factor reads.'
  if (key === 'name') return 'Give it a name.'
  return 'Enter a value.'
}

/** The raw input's value at a path (own properties only), or undefined when it is absent. */
function valueAt(input: unknown, path: FindingPath): unknown {
  let at: unknown = input
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined
    at = (at as Record<string | number, unknown>)[key]
  }
  return at
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`
}

/** A slug made from whatever was written, for the hint. */
function toSlug(found: unknown): string {
  const text = typeof found === 'string' ? found : ''
  const slug = text
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100)
  return slug === '' ? 'my-id' : slug
}
