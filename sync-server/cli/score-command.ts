import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { Writable } from 'node:stream'
import { compileModel } from '../../engine/compile-model.ts'
import { validateModel } from '../../engine/validate-model.ts'
import { FINDING_CODES } from '../../shared/finding-codes.ts'
import type { Model } from '../../shared/model-schema.ts'
import { formatCsvHeader, type OutputShape } from './batch/format-scored-block.ts'
import { scoreCsvStream } from './batch/score-csv-stream.ts'
import { scoreJsonlStream } from './batch/score-jsonl-stream.ts'
import type { ScoringOutcome } from './batch/scored-block.ts'
import { isTerminal, type CliIo } from './cli-io.ts'
import { openCsvSource } from './csv/open-csv-source.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { leadFormatOf, type LeadFormat } from './lead-format.ts'
import { LeadInputError } from './lead-input-error.ts'
import { loadModel, writeFindings } from './load-model.ts'
import { openInput, type Input } from './open-input.ts'
import { parseAsOf } from './parse-as-of.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { createProgress, type Progress } from './progress.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'
import { createOutput, OutputError, type Output } from './write-output.ts'

const COMMAND = 'scoring score'
/** Inputs from this size up are scored on every core (below it, starting threads costs more). */
export const WORKER_THRESHOLD_BYTES = 64 << 20

export const SCORE_USAGE = `Usage: scoring score --model model.json [options] leads.csv|leads.jsonl|-

Scores every lead, streaming: one result per lead, in input order, on stdout or --output.
Findings, warnings and progress go to stderr.

Options:
  --model <file>          the model (required); refused when invalid
  --as-of <instant>       ISO-8601 date or date-time (UTC without an offset) or epoch ms;
                          anchors recency factors (default: now, read once at the start)
  --input-format <fmt>    csv or jsonl (default: from the extension; required for - (stdin))
  --format <fmt>          jsonl (default): {"total","tier","contributions"} per lead
                          csv: the input columns, then total and tier
  --contributions         with --format csv: a contribution:<factor id> column per factor
  --raw                   with --format csv: write cells that start with = + - @ as they are
                          (by default they get a ' in front, so spreadsheets show them as text)
  --output <file>         write the results to a file instead of stdout
  --progress              show progress on stderr (default: only when stderr is a terminal)
  --threads <n>           worker threads scoring blocks (default for inputs of 64 MB
                          or more: one per core but one, at least 1; else 0: all in the
                          main thread)
  --allow-invalid         score with a model that breaks validation rules (not schema errors)
  -h, --help              show this help
`

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
      contributions: { type: 'boolean', default: false },
      raw: { type: 'boolean', default: false },
      output: { type: 'string' },
      progress: { type: 'boolean', default: false },
      threads: { type: 'string' },
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
  if (outputFormat === 'jsonl' && (values.contributions || values.raw)) {
    return usageError('--contributions and --raw apply to --format csv')
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads)
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) {
    return usageError(`--threads must be a whole number from 0 to 64, not '${values.threads}'`)
  }
  if (values.output !== undefined && leadsPath !== '-') {
    if (resolve(values.output) === resolve(leadsPath)) {
      return usageError('--output must not be the leads file: it would be overwritten while read')
    }
  }
  const inputFormat = leadFormatOf(leadsPath, values['input-format'])
  if (!inputFormat.ok) return usageError(inputFormat.reason)
  const asOf = parseAsOf(values['as-of'])
  if (!asOf.ok) return usageError(asOf.reason)

  const loaded = await loadModel(values.model, io, COMMAND, {
    allowInvalid: values['allow-invalid'],
  })
  if (!loaded.ok) return loaded.exitCode
  let input: Input
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
  let target: Writable
  try {
    target = values.output === undefined ? io.stdout : await openOutputFile(values.output)
  } catch (error) {
    input.stream.destroy()
    return reportFailure(
      io,
      COMMAND,
      `cannot write ${values.output}: ${describeError(error)}`,
      EXIT.usage,
    )
  }
  const run: ScoreRun = {
    io,
    input,
    source: leadsPath === '-' ? 'stdin' : leadsPath,
    inputFormat: inputFormat.format,
    shape: { format: outputFormat, contributions: values.contributions, neutralize: !values.raw },
    model: loaded.model,
    modelPath: values.model,
    asOf: asOf.asOf,
    output: createOutput(target),
    progress: createProgress(io.stderr, 'scored', {
      live: values.progress || isTerminal(io.stderr),
      totalBytes: input.size,
    }),
    threads: threads ?? defaultThreads(input.size),
  }
  const code = await scoreRun(run)
  if (values.output !== undefined) {
    target.end()
    await once(target, 'close').catch(() => undefined)
  }
  return code
}

/**
 * Below the threshold no threads (starting one costs more than it saves); above it, one per core
 * but the main thread's, which reads, splits and writes: on two cores, the two run side by side.
 * More threads than cores only add memory (each is a V8 heap of its own).
 */
function defaultThreads(size: number | undefined): number {
  return (size ?? 0) >= WORKER_THRESHOLD_BYTES ? Math.max(1, availableParallelism() - 1) : 0
}

async function openOutputFile(path: string): Promise<Writable> {
  const stream = createWriteStream(path)
  await once(stream, 'open')
  return stream
}

interface ScoreRun {
  readonly io: CliIo
  readonly input: Input
  readonly source: string
  readonly inputFormat: LeadFormat
  readonly shape: OutputShape
  readonly model: Model
  readonly modelPath: string
  readonly asOf: number
  readonly output: Output
  readonly progress: Progress
  readonly threads: number
}

/** Reads, scores and writes block by block, CSV or JSON lines; memory stays flat. */
async function scoreRun(run: ScoreRun): Promise<number> {
  const { io, output, progress } = run
  let count = 0
  // Ticked as each block is written, so that a failure reading later input tells how many were.
  const counting: ScoreRun = {
    ...run,
    progress: {
      tick(n, bytes) {
        count = n
        progress.tick(n, bytes)
      },
      done: progress.done,
    },
  }
  try {
    const outcome =
      run.inputFormat === 'csv' ? await scoreCsv(counting) : await scoreJsonl(counting)
    count = outcome.count
    if (outcome.error !== null) {
      throw new LeadInputError(outcome.error.message, outcome.error.line)
    }
    await output.flush()
  } catch (error) {
    return reportStreamError(io, error, output.flush, run.source, count)
  }
  progress.done(count)
  return EXIT.ok
}

async function scoreCsv(run: ScoreRun): Promise<ScoringOutcome> {
  const { input, output, progress } = run
  const source = await openCsvSource(input.stream)
  warnMissingColumns(run, source.header)
  if (run.shape.format === 'csv' && source.header.length > 0) {
    await output.write(formatCsvHeader(source.header, compileModel(run.model), run.shape))
  }
  return scoreCsvStream(
    source,
    { model: run.model, asOf: run.asOf, header: source.header, shape: run.shape },
    { output, progress, workers: run.threads },
  )
}

function scoreJsonl(run: ScoreRun): Promise<ScoringOutcome> {
  const { io, output, progress } = run
  return scoreJsonlStream(
    run.input.stream,
    { model: run.model, asOf: run.asOf, shape: run.shape },
    {
      output,
      progress,
      workers: run.threads,
      onOtherKeys: (lead) =>
        io.stderr.write(
          `${COMMAND}: warning: lead ${lead} has fields the first lead lacks; --format csv keeps only the first lead's fields\n`,
        ),
    },
  )
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
function warnMissingColumns(run: ScoreRun, header: readonly string[]): void {
  if (header.length === 0) return
  const { findings } = validateModel(run.model, { datasetFields: [...header] })
  const absent = findings.filter((f) => f.code === FINDING_CODES.fieldNotInDataset)
  writeFindings(run.io, run.modelPath, absent)
}
