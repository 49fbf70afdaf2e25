import type { Readable } from 'node:stream'
import { createColumnScorer, type ColumnScorer } from '../../engine/create-column-scorer.ts'
import { readOutcomes, type Outcomes } from '../../engine/read-outcomes.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { Model } from '../../shared/model-schema.ts'
import { planModelColumns, readModelColumns } from './batch/read-model-columns.ts'
import { isTerminal, type CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import type { LeadFormat } from './lead-format.ts'
import { LeadInputError } from './lead-input-error.ts'
import { openInput } from './open-input.ts'
import { createProgress } from './progress.ts'
import { reportFailure } from './report-failure.ts'

export interface OutcomeDataset {
  /** The dataset scored by the model, its factor values cached. */
  readonly scorer: ColumnScorer
  readonly outcomes: Outcomes
  /** How the dataset is named in messages. */
  readonly source: string
}

export interface OutcomeDatasetRequest {
  readonly io: CliIo
  readonly command: string
  readonly model: Model
  readonly outcomeField: string
  readonly leadsPath: string
  readonly format: LeadFormat
  readonly asOf: number
}

/**
 * Reads the factor fields and the outcome column of a dataset and scores it. A dataset without the
 * outcome column is refused (exit 1) here; counts of converters are the engine's to judge.
 */
export async function loadOutcomeDataset(
  request: OutcomeDatasetRequest,
): Promise<{ ok: true; dataset: OutcomeDataset } | { ok: false; exitCode: number }> {
  const { io, command, model, outcomeField, leadsPath, format, asOf } = request
  const source = leadsPath === '-' ? 'stdin' : leadsPath
  const plan = planModelColumns([model], [outcomeField])
  const progress = createProgress(io.stderr, 'read', { live: isTerminal(io.stderr) })
  let data: LeadColumns
  try {
    const input: Readable = (await openInput(leadsPath, io)).stream
    data = await readModelColumns(input, format, plan, progress.tick)
  } catch (error) {
    if (error instanceof LeadInputError) {
      const where = error.line === undefined ? source : `${source} line ${error.line}`
      const reason = `stopped at ${where}: ${error.message}`
      return { ok: false, exitCode: reportFailure(io, command, reason, EXIT.invalid) }
    }
    const reason = `cannot read ${source}: ${describeError(error)}`
    return { ok: false, exitCode: reportFailure(io, command, reason, EXIT.usage) }
  }
  progress.done(data.length)
  const column = data.columns[outcomeField] ?? []
  if (!hasAnyValue(column)) {
    const reason = `${source} has no outcome column '${outcomeField}' (no lead carries it)`
    return { ok: false, exitCode: reportFailure(io, command, reason, EXIT.invalid) }
  }
  return {
    ok: true,
    dataset: {
      scorer: createColumnScorer(data, model, { asOf }),
      outcomes: readOutcomes(column),
      source,
    },
  }
}

/** A column no lead carries reads as all undefined (an empty CSV cell is "", which counts as present). */
function hasAnyValue(column: ArrayLike<unknown>): boolean {
  for (let i = 0; i < column.length; i++) if (column[i] !== undefined) return true
  return false
}
