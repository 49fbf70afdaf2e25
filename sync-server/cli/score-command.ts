import type { Readable } from 'node:stream'
import { compileModel } from '../../engine/compile-model.ts'
import { scoreLead } from '../../engine/score-lead.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Lead } from '../../shared/lead-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { csvFieldOf, formatCsvRow } from './format-csv-row.ts'
import { leadFormatOf, type LeadFormat } from './lead-format.ts'
import { LeadInputError } from './lead-input-error.ts'
import { loadModel, writeFindings } from './load-model.ts'
import { openInput } from './open-input.ts'
import { parseAsOf } from './parse-as-of.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { createProgress } from './progress.ts'
import { readLeads } from './read-leads.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'
import { createOutput, OutputError } from './write-output.ts'

const COMMAND = 'scoring score'

export const SCORE_USAGE = `Usage: scoring score --model model.json [options] leads.csv|leads.jsonl|-

Scores every lead, streaming: one result per line on stdout, in input order.
Progress, findings and warnings go to stderr.

Options:
  --model <file>          the model (required); refused when invalid
  --as-of <instant>       ISO-8601 date or date-time (UTC without an offset) or epoch ms;
                          anchors recency factors (default: now, read once at the start)
  --input-format <fmt>    csv or jsonl (default: from the extension; required for - (stdin))
  --format <fmt>          jsonl (default): {"total","tier","contributions"} per lead
                          csv: the input columns plus total and tier
  --allow-invalid         score with a model that breaks validation rules (not schema errors)
  -h, --help              show this help
`

type OutputFormat = 'jsonl' | 'csv'

/** `scoring score --model model.json [--as-of …] [--format jsonl|csv] leads.csv|leads.jsonl|-` */
export async function runScoreCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      'as-of': { type: 'string' },
      'input-format': { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      'allow-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, SCORE_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(SCORE_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string): number => reportUsageError(io, COMMAND, reason, SCORE_USAGE)
  const [leadsPath, ...extra] = positionals
  if (leadsPath === undefined || extra.length > 0) {
    return usageError('expected exactly one leads file (or - for stdin)')
  }
  if (values.model === undefined) return usageError('--model is required')
  const outputFormat = values.format
  if (outputFormat !== 'jsonl' && outputFormat !== 'csv') {
    return usageError(`--format must be jsonl or csv, not '${outputFormat}'`)
  }
  const inputFormat = leadFormatOf(leadsPath, values['input-format'])
  if (!inputFormat.ok) return usageError(inputFormat.reason)
  const asOf = parseAsOf(values['as-of'])
  if (!asOf.ok) return usageError(asOf.reason)

  const loaded = await loadModel(values.model, io, COMMAND, {
    allowInvalid: values['allow-invalid'],
  })
  if (!loaded.ok) return loaded.exitCode
  let input: Readable
  try {
    input = await openInput(leadsPath, io)
  } catch (error) {
    return reportFailure(
      io,
      COMMAND,
      `cannot read ${leadsPath}: ${describeError(error)}`,
      EXIT.usage,
    )
  }
  return scoreStream(io, {
    input,
    source: leadsPath === '-' ? 'stdin' : leadsPath,
    inputFormat: inputFormat.format,
    outputFormat,
    model: loaded.model,
    modelPath: values.model,
    asOf: asOf.asOf,
  })
}

interface ScoreStreamOptions {
  readonly input: Readable
  readonly source: string
  readonly inputFormat: LeadFormat
  readonly outputFormat: OutputFormat
  readonly model: Model
  readonly modelPath: string
  readonly asOf: number
}

/** Reads, scores and writes lead by lead; memory stays flat whatever the input's size. */
async function scoreStream(io: CliIo, options: ScoreStreamOptions): Promise<number> {
  const { input, source, inputFormat, outputFormat, model, asOf } = options
  const compiled = compileModel(model)
  const output = createOutput(io.stdout)
  const progress = createProgress(io.stderr, 'scored')
  let columns: string[] | undefined
  let headerWritten = false
  let extraKeysWarned = false
  let count = 0

  const onHeader = (header: string[]): void => {
    columns = header
    warnMissingColumns(io, options, header)
  }
  try {
    for await (const lead of readLeads(input, inputFormat, { onHeader })) {
      const result = scoreLead(compiled, lead, { asOf })
      if (outputFormat === 'jsonl') {
        await output.write(`${JSON.stringify(result)}\n`)
      } else {
        // JSONL leads have no header: the first lead's keys name the columns.
        columns ??= Object.keys(lead)
        if (!headerWritten) {
          headerWritten = true
          await output.write(formatCsvRow([...columns, 'total', 'tier']))
        }
        if (inputFormat === 'jsonl' && !extraKeysWarned && hasOtherKeys(lead, columns)) {
          extraKeysWarned = true
          io.stderr.write(
            `${COMMAND}: warning: lead ${count + 1} has fields the first lead lacks; --format csv keeps only the first lead's fields\n`,
          )
        }
        const fields = columns.map((name) =>
          csvFieldOf(Object.hasOwn(lead, name) ? lead[name] : undefined),
        )
        await output.write(formatCsvRow([...fields, String(result.total), result.tier ?? '']))
      }
      count++
      progress.tick(count)
    }
    if (outputFormat === 'csv' && !headerWritten && columns !== undefined) {
      await output.write(formatCsvRow([...columns, 'total', 'tier']))
    }
    await output.flush()
  } catch (error) {
    return reportStreamError(io, error, output.flush, source, count)
  }
  progress.done(count)
  return EXIT.ok
}

/** After a failure mid-stream: the results already produced are flushed, then the reason is told. */
async function reportStreamError(
  io: CliIo,
  error: unknown,
  flush: () => Promise<void>,
  source: string,
  count: number,
): Promise<number> {
  // The reader of stdout went away (e.g. `| head`): stop quietly, as Unix filters do.
  if (error instanceof OutputError) {
    const closed = (error.cause as NodeJS.ErrnoException).code === 'EPIPE'
    return closed
      ? EXIT.ok
      : reportFailure(io, COMMAND, `cannot write output: ${error.message}`, EXIT.usage)
  }
  try {
    await flush()
  } catch {
    // Output already failed; the input error below is still the one to report.
  }
  const written = `the ${count} lead${count === 1 ? '' : 's'} before it ${count === 1 ? 'was' : 'were'} scored and written`
  if (error instanceof LeadInputError) {
    const where = error.line === undefined ? source : `${source} line ${error.line}`
    return reportFailure(
      io,
      COMMAND,
      `stopped at ${where}: ${error.message}; ${written}`,
      EXIT.invalid,
    )
  }
  return reportFailure(
    io,
    COMMAND,
    `cannot read ${source}: ${describeError(error)}; ${written}`,
    EXIT.usage,
  )
}

/** A CSV without a column the model reads scores that factor's `missing` for every lead: say so once. */
function warnMissingColumns(io: CliIo, options: ScoreStreamOptions, header: string[]): void {
  const { findings } = validateModel(options.model, { datasetFields: header })
  const absent = findings.filter((f) => f.code === FINDING_CODES.fieldNotInDataset)
  writeFindings(io, options.modelPath, absent)
}

function hasOtherKeys(lead: Lead, columns: readonly string[]): boolean {
  for (const key in lead) if (!columns.includes(key)) return true
  return false
}
