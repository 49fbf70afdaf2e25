import type { Model } from '../../shared/model-schema.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { leadFormatOf, type LeadFormat } from './lead-format.ts'
import { loadModel } from './load-model.ts'
import { parseAsOf } from './parse-as-of.ts'
import { reportFailure } from './report-failure.ts'

/** What `scoring backtest` and `scoring fit` both take: a model, its outcome field, a dataset and an instant. */
export interface OutcomeCommandInput {
  readonly model: Model
  readonly modelPath: string
  readonly outcomeField: string
  readonly leadsPath: string
  readonly format: LeadFormat
  readonly asOf: number
}

export interface OutcomeCommandValues {
  readonly model?: string
  readonly outcome?: string
  readonly 'as-of'?: string
  readonly 'input-format'?: string
  readonly 'allow-invalid'?: boolean
}

/**
 * Checks the options both outcome commands share and loads the model. A bad command line is a usage
 * error (exit 2); `--outcome` may be left out when the model names its `outcomeField`.
 */
export async function readOutcomeCommandInput(
  values: OutcomeCommandValues,
  positionals: readonly string[],
  io: CliIo,
  command: string,
  usageError: (reason: string) => number,
): Promise<{ ok: true; input: OutcomeCommandInput } | { ok: false; exitCode: number }> {
  const fail = (exitCode: number): { ok: false; exitCode: number } => ({ ok: false, exitCode })
  const [leadsPath, ...extra] = positionals
  if (leadsPath === undefined || extra.length > 0) {
    return fail(usageError('expected exactly one leads file (or - for stdin)'))
  }
  if (values.model === undefined) return fail(usageError('--model is required'))
  if (values.outcome === '') return fail(usageError('--outcome must name a field'))
  const format = leadFormatOf(leadsPath, values['input-format'])
  if (!format.ok) return fail(usageError(format.reason))
  const asOf = parseAsOf(values['as-of'])
  if (!asOf.ok) return fail(usageError(asOf.reason))
  const loaded = await loadModel(values.model, io, command, {
    allowInvalid: values['allow-invalid'] ?? false,
  })
  if (!loaded.ok) return fail(loaded.exitCode)
  const outcomeField = values.outcome ?? loaded.model.outcomeField
  if (outcomeField === undefined) {
    const reason = `no outcome field: pass --outcome <field> (${values.model} names no outcomeField)`
    return fail(reportFailure(io, command, reason, EXIT.usage))
  }
  return {
    ok: true,
    input: {
      model: loaded.model,
      modelPath: values.model,
      outcomeField,
      leadsPath,
      format: format.format,
      asOf: asOf.asOf,
    },
  }
}
