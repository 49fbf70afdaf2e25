import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { runModelTests } from '../run-model-tests.ts'
import { formatNumber } from './describe.ts'
import { errorFinding } from './finding-builders.ts'

/**
 * Each failing model test is an error, so a model whose golden leads moved cannot be promoted;
 * the message carries what the lead actually scored. Test ids are unique, as factor ids are.
 */
export function checkModelTests(model: Model): Finding[] {
  const findings: Finding[] = []
  const seen = new Set<string>()
  model.tests?.forEach((test, i) => {
    if (seen.has(test.id)) {
      findings.push(
        errorFinding(
          FINDING_CODES.duplicateTestId,
          ['tests', i, 'id'],
          `Test id "${test.id}" is used by more than one test.`,
          'Give each test its own id.',
        ),
      )
    }
    seen.add(test.id)
  })
  runModelTests(model).forEach(({ test, pass, total, tier, failures }, i) => {
    if (pass) return
    findings.push(
      errorFinding(
        FINDING_CODES.testFailed,
        ['tests', i],
        `Test "${test.label ?? test.id}" failed: ${failures.join('; ')}, but the lead scored ${formatNumber(total)} (${tier === null ? 'no tier' : `tier ${tier}`}) as of ${test.asOf}.`,
        'Adjust the weights until the lead meets the expectation, or update the test if the change is intended.',
      ),
    )
  })
  return findings
}
