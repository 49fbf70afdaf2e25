import type { Finding } from '../shared/finding-schema.ts'
import { ModelSchema, type Model } from '../shared/model-schema.ts'
import { checkFactors } from './rules/check-factors.ts'
import { checkModelTests } from './rules/check-model-tests.ts'
import { checkTiers } from './rules/check-tiers.ts'
import { checkTransforms } from './rules/check-transforms.ts'
import { schemaFindings } from './rules/schema-findings.ts'

/** The outcome of validation: `model` is the parsed model when the schema passes; `ok` when no finding is an error. */
export type ValidationResult = { ok: boolean; model: Model | null; findings: Finding[] }

export interface ValidateOptions {
  /** Fields of the reference dataset; a factor reading another field gets a warning. */
  readonly datasetFields?: readonly string[]
}

/**
 * Validates a model: first its shape (strict schema, no coercion), then every rule of DESIGN.md
 * "Validation", then its model tests (a failing one is an error). Runs in the browser while editing and on the server before promotion.
 */
export function validateModel(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const parsed = ModelSchema.safeParse(input)
  if (!parsed.success) {
    return { ok: false, model: null, findings: schemaFindings(parsed.error.issues, input) }
  }
  const model = parsed.data
  const findings = [
    ...checkFactors(model, options.datasetFields),
    ...checkTransforms(model),
    ...checkTiers(model),
    ...checkModelTests(model),
  ]
  return { ok: !findings.some((f) => f.severity === 'error'), model, findings }
}
