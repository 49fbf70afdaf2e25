import type { Readable } from 'node:stream'
import { analyzeImpact } from '../../engine/analyze-impact.ts'
import { createColumnScorer } from '../../engine/create-column-scorer.ts'
import { diagnoseFactors } from '../../engine/diagnose-factors.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import { planModelColumns, readModelColumns } from './batch/read-model-columns.ts'
import { isTerminal, type CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { formatFactorAdvice } from './format-factor-advice.ts'
import { formatImpactReport } from './format-impact-report.ts'
import { leadFormatOf } from './lead-format.ts'
import { LeadInputError } from './lead-input-error.ts'
import { loadModel } from './load-model.ts'
import { openInput } from './open-input.ts'
import { parseAsOf } from './parse-as-of.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { createProgress } from './progress.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring impact'
const DEFAULT_TOP = 10

export const IMPACT_USAGE = `Usage: scoring impact --from a.json --to b.json [options] leads.csv|leads.jsonl|-

Compares how model b (--to) would score a dataset against model a (--from): means, tier counts,
tier migration, rank correlation and the leads that move most; then advice on b's factors.

Options:
  --from <file>           the current model (required)
  --to <file>             the proposed model (required)
  --as-of <instant>       ISO-8601 date or date-time (UTC without an offset) or epoch ms
                          (default: now, read once at the start)
  --input-format <fmt>    csv or jsonl (default: from the extension; required for -)
  --top <n>               how many top movers to list (default ${DEFAULT_TOP})
  --json                  print the impact report as JSON
  --allow-invalid         compare models that break validation rules (not schema errors)
  -h, --help              show this help
`

/** `scoring impact --from a.json --to b.json leads.csv [--as-of …] [--json] [--top N]` */
export async function runImpactCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'as-of': { type: 'string' },
      'input-format': { type: 'string' },
      top: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, IMPACT_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(IMPACT_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string): number => reportUsageError(io, COMMAND, reason, IMPACT_USAGE)
  const [leadsPath, ...extra] = positionals
  if (leadsPath === undefined || extra.length > 0) {
    return usageError('expected exactly one leads file (or - for stdin)')
  }
  if (values.from === undefined || values.to === undefined) {
    return usageError('--from and --to are both required')
  }
  const top = values.top === undefined ? DEFAULT_TOP : Number(values.top)
  if (!Number.isInteger(top) || top < 0) {
    return usageError(`--top must be a whole number ≥ 0, not '${values.top}'`)
  }
  const format = leadFormatOf(leadsPath, values['input-format'])
  if (!format.ok) return usageError(format.reason)
  const asOf = parseAsOf(values['as-of'])
  if (!asOf.ok) return usageError(asOf.reason)

  const options = { allowInvalid: values['allow-invalid'] }
  const from = await loadModel(values.from, io, COMMAND, options)
  if (!from.ok) return from.exitCode
  const to = await loadModel(values.to, io, COMMAND, options)
  if (!to.ok) return to.exitCode

  const source = leadsPath === '-' ? 'stdin' : leadsPath
  const plan = planModelColumns([from.model, to.model])
  const progress = createProgress(io.stderr, 'read', { live: isTerminal(io.stderr) })
  let data: LeadColumns
  let input: Readable | undefined
  try {
    input = (await openInput(leadsPath, io)).stream
    data = await readModelColumns(input, format.format, plan, progress.tick)
  } catch (error) {
    if (error instanceof LeadInputError) {
      const where = error.line === undefined ? source : `${source} line ${error.line}`
      return reportFailure(io, COMMAND, `stopped at ${where}: ${error.message}`, EXIT.invalid)
    }
    return reportFailure(io, COMMAND, `cannot read ${source}: ${describeError(error)}`, EXIT.usage)
  }
  progress.done(data.length)

  const fromScorer = createColumnScorer(data, from.model, { asOf: asOf.asOf })
  // Computes only the factors the two models score differently.
  const toScorer = fromScorer.derive(to.model).scorer
  const report = analyzeImpact(fromScorer, toScorer, { topMovers: top })
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    return EXIT.ok
  }
  const labels = { from: values.from, to: values.to, dataset: source, asOf: asOf.asOf }
  io.stdout.write(formatImpactReport(report, labels))
  io.stdout.write(formatFactorAdvice(diagnoseFactors(toScorer, data), to.model, values.to))
  return EXIT.ok
}
