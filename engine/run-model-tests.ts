import type { Model, ModelTest } from '../shared/model-schema.ts'
import { compileModel, TIER_EPSILON, type CompiledModel } from './compile-model.ts'
import { scoreLead } from './score-lead.ts'

/** One model test run: what the lead scored and, when it fails, each unmet expectation in words. */
export interface ModelTestResult {
  readonly test: ModelTest
  readonly pass: boolean
  readonly total: number
  readonly tier: string | null
  readonly failures: readonly string[]
}

/**
 * Scores each test's lead at the test's own `asOf` and checks its expectation (DESIGN.md
 * "Model tests"): the tier by name, the bounds with the contract's 1e-9 tolerance.
 */
export function runModelTests(
  model: Model,
  compiled: CompiledModel = compileModel(model),
): ModelTestResult[] {
  return (model.tests ?? []).map((test) => runModelTest(compiled, test))
}

/** Runs one test against a compiled model. */
export function runModelTest(compiled: CompiledModel, test: ModelTest): ModelTestResult {
  const { total, tier } = scoreLead(compiled, test.lead, { asOf: Date.parse(test.asOf) })
  const failures: string[] = []
  const { tier: wanted, minTotal, maxTotal } = test.expect
  if (wanted !== undefined && tier !== wanted) {
    failures.push(
      compiled.tierNames.includes(wanted)
        ? `expected tier ${wanted}`
        : `expected tier ${wanted}, which the model does not have`,
    )
  }
  if (minTotal !== undefined && !(total >= minTotal - TIER_EPSILON)) {
    failures.push(`expected a total of at least ${minTotal}`)
  }
  if (maxTotal !== undefined && !(total <= maxTotal + TIER_EPSILON)) {
    failures.push(`expected a total of at most ${maxTotal}`)
  }
  return { test, pass: failures.length === 0, total, tier, failures }
}
