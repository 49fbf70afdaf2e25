import { runModelTests, type ModelTestResult } from '../../engine/run-model-tests.ts'
import { formatNumber } from '../../engine/rules/describe.ts'
import { validateModel } from '../../engine/validate-model.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { formatTable } from './format-table.ts'
import { writeFindings } from './load-model.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { readJsonFile } from './read-json-file.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring test'

export const TEST_USAGE = `Usage: scoring test --model model.json

Runs the model's tests (golden leads): scores each test's lead at its asOf and checks the
expected tier and total bounds. Prints one line per test and a summary.
Exit status: 0 every test passes (or there are none), 1 a test fails or the model is not a model,
2 the file cannot be read or is not JSON.

Options:
  --model <file>   the model JSON holding "tests"
  -h, --help       show this help
`

/** `scoring test --model model.json` */
export async function runTestCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    options: { model: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, TEST_USAGE)
  const { values } = parsed.args
  if (values.help) {
    io.stdout.write(TEST_USAGE)
    return EXIT.ok
  }
  if (values.model === undefined) {
    return reportUsageError(io, COMMAND, '--model is required', TEST_USAGE)
  }
  const file = await readJsonFile(values.model)
  if (!file.ok) return reportFailure(io, COMMAND, file.reason, EXIT.usage)
  const { model, findings } = validateModel(file.value)
  if (model === null) {
    writeFindings(io, values.model, findings)
    const reason = `${values.model} is not a model (schema errors above)`
    return reportFailure(io, COMMAND, reason, EXIT.invalid)
  }
  const results = runModelTests(model)
  if (results.length === 0) {
    io.stdout.write(`${values.model} has no tests\n`)
    return EXIT.ok
  }
  io.stdout.write(formatResults(results))
  return results.every((r) => r.pass) ? EXIT.ok : EXIT.invalid
}

/** One row per test (status, id, what it scored, why it failed), then "3 tests: 2 passed, 1 failed". */
function formatResults(results: readonly ModelTestResult[]): string {
  const rows = results.map(({ test, pass, total, tier, failures }) => [
    pass ? 'PASS' : 'FAIL',
    test.label === undefined ? test.id : `${test.id} (${test.label})`,
    `total ${formatNumber(total)}`,
    `tier ${tier ?? '-'}`,
    failures.join('; '),
  ])
  const failed = results.filter((r) => !r.pass).length
  const summary = `${results.length} test${results.length === 1 ? '' : 's'}: ${results.length - failed} passed, ${failed} failed\n`
  return formatTable(rows, 5) + summary
}
