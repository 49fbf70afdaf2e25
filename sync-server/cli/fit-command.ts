import { fitWeights, type WeightFit } from '../../engine/fit-weights.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { formatTable } from './format-table.ts'
import { loadOutcomeDataset } from './load-outcome-dataset.ts'
import { readOutcomeCommandInput } from './outcome-command-args.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'
import type { Model } from '../../shared/model-schema.ts'

const COMMAND = 'scoring fit'
const DEFAULT_HOLDOUT = 0.3
const DEFAULT_SEED = 1

export const FIT_USAGE = `Usage: scoring fit --model m.json --outcome <field> [options] leads.csv|leads.jsonl|-

Fits the model's weights to past outcomes (true/yes/1 converted, false/no/0 did not): logistic
regression on the factor values with weights ≥ 0, scaled to sum to 1; factors, transforms and tiers
stay as they are. Writes the fitted model JSON to standard output and a report (AUC of the start
and fitted weights on a seeded train/holdout split) to standard error:

  scoring fit --model m.json --outcome converted leads.csv > fitted.json && scoring validate fitted.json

Options:
  --model <file>          the model to start from (required)
  --outcome <field>       the outcome column (default: the model's outcomeField)
  --as-of <instant>       ISO-8601 date or date-time (UTC without an offset) or epoch ms
                          (default: now, read once at the start)
  --holdout <share>       share of the leads held out to check the fit, in (0, 1) (default ${DEFAULT_HOLDOUT})
  --seed <n>              seed of the train/holdout split (default ${DEFAULT_SEED})
  --input-format <fmt>    csv or jsonl (default: from the extension; required for -)
  --allow-invalid         start from a model that breaks validation rules (not schema errors)
  -h, --help              show this help

Exit: 0 done · 1 invalid model or data (no outcome column, no converters, no non-converters) · 2 usage
`

/** `scoring fit --model m.json --outcome converted leads.csv [--holdout 0.3] [--seed N]` */
export async function runFitCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      outcome: { type: 'string' },
      'as-of': { type: 'string' },
      holdout: { type: 'string' },
      seed: { type: 'string' },
      'input-format': { type: 'string' },
      'allow-invalid': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, FIT_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(FIT_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string): number => reportUsageError(io, COMMAND, reason, FIT_USAGE)
  const holdout = values.holdout === undefined ? DEFAULT_HOLDOUT : Number(values.holdout)
  if (!(holdout > 0 && holdout < 1)) {
    return usageError(
      `--holdout must be a number between 0 and 1 (exclusive), not '${values.holdout}'`,
    )
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed)
  if (!Number.isSafeInteger(seed))
    return usageError(`--seed must be an integer, not '${values.seed}'`)
  const read = await readOutcomeCommandInput(values, positionals, io, COMMAND, usageError)
  if (!read.ok) return read.exitCode
  const { input } = read
  const loaded = await loadOutcomeDataset({ io, command: COMMAND, ...input })
  if (!loaded.ok) return loaded.exitCode
  const { scorer, outcomes, source } = loaded.dataset
  const fit = fitWeights(scorer, outcomes, { holdout, seed })
  if (!fit.ok) return reportFailure(io, COMMAND, `${source}: ${fit.message}`, EXIT.invalid)
  io.stdout.write(`${JSON.stringify(fit.model, null, 2)}\n`)
  io.stderr.write(formatFitReport(fit, input.model, { holdout, seed }))
  return EXIT.ok
}

/** AUC of the start and fitted weights on each part, then each factor's weight before and after. */
function formatFitReport(
  fit: WeightFit,
  start: Model,
  split: { holdout: number; seed: number },
): string {
  const auc = (x: number): string => x.toFixed(4)
  return [
    `${COMMAND}: ${fit.iterations} Newton steps; split ${1 - split.holdout}/${split.holdout} with seed ${split.seed}\n`,
    formatTable([
      ['part', 'leads', 'converted', 'start AUC', 'fitted AUC'],
      ...(['train', 'holdout'] as const).map((name) => [
        name,
        String(fit[name].leads),
        String(fit[name].positives),
        auc(fit[name].startAuc),
        auc(fit[name].fittedAuc),
      ]),
    ]),
    '\n',
    formatTable([
      ['factor', 'start', 'fitted'],
      ...start.factors.map((f, i) => [
        f.id,
        f.weight.toFixed(4),
        (fit.model.factors[i]?.weight ?? 0).toFixed(4),
      ]),
    ]),
  ].join('')
}
