import { validateModel } from '../../engine/validate-model.ts'
import type { CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { formatFindings } from './format-findings.ts'
import { leadFormatOf } from './lead-format.ts'
import { openInput } from './open-input.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { readDatasetFields } from './read-dataset-fields.ts'
import { readJsonFile } from './read-json-file.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring validate'

export const VALIDATE_USAGE = `Usage: scoring validate [options] model.json

Checks a model against the schema and every validation rule; prints the findings.
Exit status: 0 no error (warnings allowed), 1 any error, 2 the file cannot be read or is not JSON.

Options:
  --dataset <file>        a reference dataset (.csv or .jsonl): warn on fields it lacks
  --input-format <fmt>    csv or jsonl, when the dataset's extension does not say
  --json                  print the findings as a JSON array
  -h, --help              show this help
`

/** `scoring validate model.json [--dataset leads.csv] [--json]` */
export async function runValidateCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      'input-format': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, VALIDATE_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(VALIDATE_USAGE)
    return EXIT.ok
  }
  const [modelPath, ...extra] = positionals
  if (modelPath === undefined || extra.length > 0) {
    return reportUsageError(io, COMMAND, 'expected exactly one model file', VALIDATE_USAGE)
  }

  const file = await readJsonFile(modelPath)
  if (!file.ok) return reportFailure(io, COMMAND, file.reason, EXIT.usage)

  let datasetFields: string[] | undefined
  if (values.dataset !== undefined) {
    const format = leadFormatOf(values.dataset, values['input-format'])
    if (!format.ok) return reportUsageError(io, COMMAND, format.reason, VALIDATE_USAGE)
    try {
      datasetFields = await readDatasetFields(
        (await openInput(values.dataset, io)).stream,
        format.format,
      )
    } catch (error) {
      const reason = `cannot read the dataset ${values.dataset}: ${describeError(error)}`
      return reportFailure(io, COMMAND, reason, EXIT.usage)
    }
  }

  const result = validateModel(file.value, datasetFields ? { datasetFields } : {})
  io.stdout.write(
    values.json ? `${JSON.stringify(result.findings, null, 2)}\n` : formatFindings(result.findings),
  )
  return result.ok ? EXIT.ok : EXIT.invalid
}
