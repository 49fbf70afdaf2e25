import { compileModel, type CompiledModel } from '../../../engine/compile-model.ts'
import { columnsFromLeads } from '../../../engine/lead-columns.ts'
import { factorSources } from '../../../engine/score-columns.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { csvFieldOf } from '../format-csv-row.ts'
import { ByteWriter } from './byte-writer.ts'
import {
  createJsonLinesFormatter,
  csvCell,
  type BlockScores,
  type OutputShape,
} from './format-scored-block.ts'
import { parseJsonlBlock } from './parse-jsonl-block.ts'
import { createBlockColumnScorer } from './score-block-columns.ts'
import type { ScoredBlock } from './scored-block.ts'

const COMMA = 44
const LF = 10

/** Everything a thread needs to score blocks of one JSONL input: sent once to each worker. */
export interface JsonlScoringSetup {
  readonly model: Model
  readonly asOf: number
  readonly shape: OutputShape
  /** With --format csv, the columns every lead is written with: the first lead's keys. */
  readonly columns: readonly string[]
}

/** A block of JSON lines scored. */
export interface ScoredJsonlBlock extends ScoredBlock {
  /** With --format csv, the first lead of the block with a key not among the columns; else -1. */
  readonly otherKeys: number
}

type LeadsFormatter = (out: ByteWriter, leads: readonly Lead[], scores: BlockScores) => void

/**
 * Parses each block's lines into leads, scores them by column with the engine's kernels (the same
 * numbers, bit for bit, as scoreLead on each lead) and formats the results: JSON lines, or CSV rows
 * with the setup's columns.
 */
export function createJsonlBlockScorer({
  model,
  asOf,
  shape,
  columns,
}: JsonlScoringSetup): (b: Buffer) => ScoredJsonlBlock {
  const compiled = compileModel(model)
  const fields = [...new Set(compiled.factors.map((f) => f.field))]
  const format = leadsFormatter(compiled, columns, shape)
  const known = new Set(columns)
  const score = createBlockColumnScorer(compiled, asOf, shape)
  const out = new ByteWriter()
  return (b) => {
    const { leads, lines, error } = parseJsonlBlock(b)
    const n = leads.length
    format(out, leads, score(factorSources(compiled, columnsFromLeads(leads, fields)), n))
    const otherKeys =
      shape.format === 'csv' ? leads.findIndex((lead) => hasOtherKeys(lead, known)) : -1
    return { output: out.take(), length: n, lines, error, otherKeys }
  }
}

function leadsFormatter(
  compiled: CompiledModel,
  columns: readonly string[],
  shape: OutputShape,
): LeadsFormatter {
  if (shape.format === 'csv') return csvRowsFormatter(compiled, columns, shape)
  const lines = createJsonLinesFormatter(compiled)
  return (out, leads, scores) => lines(out, leads.length, scores)
}

/**
 * Each lead's values under the columns (missing as empty, nested JSON as JSON), then total, tier and
 * any contributions, every cell as csvCell writes it. A factor id given twice shows its last
 * contribution in both columns, as scoreLead's contributions record does.
 */
function csvRowsFormatter(
  compiled: CompiledModel,
  columns: readonly string[],
  shape: OutputShape,
): LeadsFormatter {
  const cell = (text: string): string => csvCell(text, shape.neutralize)
  const tierCells = compiled.tierNames.map(cell)
  const lastOf = new Map(compiled.factors.map((f, i) => [f.id, i]))
  const contributionOf = shape.contributions
    ? compiled.factors.map((f) => lastOf.get(f.id) as number)
    : []
  const { weights } = compiled
  // A finite number is never quoted nor neutralised, so it goes straight in as bytes.
  const number = (out: ByteWriter, x: number): void => {
    if (Number.isFinite(x)) out.number(x)
    else out.text(cell(String(x)))
  }
  return (out, leads, { totals, tierIndex, values }) => {
    for (let i = 0; i < leads.length; i++) {
      const lead = leads[i] as Lead
      let row = ''
      for (const name of columns) {
        row += `${cell(csvFieldOf(Object.hasOwn(lead, name) ? lead[name] : undefined))},`
      }
      out.text(row)
      number(out, totals[i] as number)
      const t = tierIndex[i] as number
      out.byte(COMMA)
      if (t >= 0) out.text(tierCells[t] as string)
      for (const k of contributionOf) {
        const v = ((values as Float64Array[])[k] as Float64Array)[i] as number
        out.byte(COMMA)
        number(out, (weights[k] as number) * v)
      }
      out.byte(LF)
    }
  }
}

function hasOtherKeys(lead: Lead, known: ReadonlySet<string>): boolean {
  for (const key in lead) if (!known.has(key)) return true
  return false
}
