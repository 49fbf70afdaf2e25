import { backtest } from '../../engine/backtest.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { formatBacktest } from './format-backtest.ts'
import { loadOutcomeDataset } from './load-outcome-dataset.ts'
import { readOutcomeCommandInput } from './outcome-command-args.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring backtest'

export const BACKTEST_USAGE = `Usage: scoring backtest --model m.json --outcome <field> [options] leads.csv|leads.jsonl|-

How well the model ranks converters above the rest on leads with a known outcome (read as a
boolean: true/yes/1 converted, false/no/0 did not, anything else is left out): AUC with its 95%
interval (DeLong), conversion per tier and per decile of total.

Options:
  --model <file>          the model (required)
  --outcome <field>       the outcome column (default: the model's outcomeField)
  --as-of <instant>       ISO-8601 date or date-time (UTC without an offset) or epoch ms
                          (default: now, read once at the start)
  --input-format <fmt>    csv or jsonl (default: from the extension; required for -)
  --json                  print {leads, positives, auc, aucInterval, tiers, deciles} as JSON
  --allow-invalid         backtest a model that breaks validation rules (not schema errors)
  -h, --help              show this help

Exit: 0 done · 1 invalid model or data (no outcome column, no converters, no non-converters) · 2 usage
`

/** `scoring backtest --model m.json --outcome converted leads.csv [--as-of …] [--json]` */
export async function runBacktestCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      outcome: { type: 'string' },
      'as-of': { type: 'string' },
      'input-format': { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, BACKTEST_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(BACKTEST_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string): number =>
    reportUsageError(io, COMMAND, reason, BACKTEST_USAGE)
  const read = await readOutcomeCommandInput(values, positionals, io, COMMAND, usageError)
  if (!read.ok) return read.exitCode
  const { input } = read
  const loaded = await loadOutcomeDataset({ io, command: COMMAND, ...input })
  if (!loaded.ok) return loaded.exitCode
  const { scorer, outcomes, source } = loaded.dataset
  const result = backtest(scorer, outcomes)
  if (!result.ok) return reportFailure(io, COMMAND, `${source}: ${result.message}`, EXIT.invalid)
  if (values.json) {
    io.stdout.write(`${JSON.stringify(result.backtest, null, 2)}\n`)
    return EXIT.ok
  }
  io.stdout.write(
    formatBacktest(result.backtest, {
      model: input.modelPath,
      dataset: source,
      outcomeField: input.outcomeField,
      asOf: input.asOf,
    }),
  )
  return EXIT.ok
}
