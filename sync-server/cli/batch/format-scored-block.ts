import type { CompiledModel } from '../../../engine/compile-model.ts'
import { fieldText } from '../csv/open-csv-source.ts'
import { createCsvRecord, scanCsvRecord } from '../csv/scan-csv-record.ts'
import { neutralizeCsvCell } from '../neutralize-csv-cell.ts'
import type { ByteWriter } from './byte-writer.ts'
import type { CsvBlockColumns } from './read-csv-block.ts'

/** The output formats of `scoring score`. */
export type OutputFormat = 'jsonl' | 'csv'

/** What `scoring score` writes for each lead. */
export interface OutputShape {
  readonly format: OutputFormat
  /** CSV: add a column per factor with its contribution (JSON lines always carry them). */
  readonly contributions: boolean
  /** CSV: defuse cells that start a formula (neutralizeCsvCell); off with --raw. */
  readonly neutralize: boolean
}

/** A block's scores: totals, tier indices and (when contributions are written) each factor's v. */
export interface BlockScores {
  readonly totals: Float64Array
  readonly tierIndex: Int8Array
  readonly values: readonly Float64Array[] | null
}

const COMMA = 44
const LF = 10
const NEEDS_QUOTES = /[",\r\n]/

/** The CSV header line: the input's columns, then total, tier and the contribution columns. */
export function formatCsvHeader(
  header: readonly string[],
  compiled: CompiledModel,
  shape: OutputShape,
): string {
  const names = [...header, 'total', 'tier', ...contributionColumns(compiled, shape)]
  return `${names.map((name) => csvCell(name, shape.neutralize)).join(',')}\n`
}

/** `contribution:<factor id>` per factor, when asked for. */
export function contributionColumns(compiled: CompiledModel, shape: OutputShape): string[] {
  return shape.contributions ? compiled.factors.map((f) => `contribution:${f.id}`) : []
}

/** A cell of CSV output: neutralised when asked, quoted when it must be (RFC 4180). */
export function csvCell(text: string, neutralize: boolean): string {
  const cell = neutralize ? neutralizeCsvCell(text) : text
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}

/** Writes one scored block: a JSON line per lead, or its CSV record followed by the scores. */
export type BlockFormatter = (
  out: ByteWriter,
  b: Buffer,
  block: CsvBlockColumns,
  scores: BlockScores,
) => void

export function createBlockFormatter(
  compiled: CompiledModel,
  header: readonly string[],
  shape: OutputShape,
): BlockFormatter {
  if (shape.format === 'csv') return csvFormatter(compiled, header.length, shape)
  const lines = createJsonLinesFormatter(compiled)
  return (out, _b, block, scores) => lines(out, block.length, scores)
}

/** A number as JSON.stringify writes it (non-finite as null). */
function writeJsonNumber(out: ByteWriter, x: number): void {
  if (Number.isFinite(x)) out.number(x)
  else out.ascii('null')
}

/**
 * {"total":…,"tier":…,"contributions":{…}} for each of a block's `length` leads, byte for byte what
 * JSON.stringify gives for scoreLead's result: a factor id given twice keeps its first place and its
 * last contribution. Needs the scores' values.
 */
export function createJsonLinesFormatter(
  compiled: CompiledModel,
): (out: ByteWriter, length: number, scores: BlockScores) => void {
  const tierJson = compiled.tierNames.map((name) => JSON.stringify(name))
  const lastOf = new Map(compiled.factors.map((f, i) => [f.id, i]))
  const keys = [...lastOf].map(([id, last], k) => ({
    prefix: `${k === 0 ? '' : ','}${JSON.stringify(id)}:`,
    factor: last,
  }))
  const { weights } = compiled
  return (out, length, { totals, tierIndex, values }) => {
    for (let i = 0; i < length; i++) {
      const t = tierIndex[i] as number
      out.ascii('{"total":')
      writeJsonNumber(out, totals[i] as number)
      out.text(`,"tier":${t < 0 ? 'null' : tierJson[t]},"contributions":{`)
      for (const { prefix, factor } of keys) {
        const v = (values as Float64Array[])[factor]![i] as number
        out.text(prefix)
        writeJsonNumber(out, (weights[factor] as number) * v)
      }
      out.ascii('}}\n')
    }
  }
}

/** The input record (copied as it is when plain, else rewritten cell by cell), then the scores. */
function csvFormatter(compiled: CompiledModel, width: number, shape: OutputShape): BlockFormatter {
  const tierCells = compiled.tierNames.map((name) => Buffer.from(csvCell(name, shape.neutralize)))
  const record = createCsvRecord(width)
  const { weights, factors } = compiled
  return (out, b, block, { totals, tierIndex, values }) => {
    for (let i = 0; i < block.length; i++) {
      const start = block.recordStarts[i] as number
      if (block.plain[i] === 1) {
        out.bytes(b, start, block.recordEnds[i] as number)
      } else {
        scanCsvRecord(b, start, b.length, record)
        for (let k = 0; k < width; k++) {
          if (k > 0) out.byte(COMMA)
          out.text(csvCell(fieldText(b, record, k), shape.neutralize))
        }
      }
      out.byte(COMMA)
      out.number(totals[i] as number)
      out.byte(COMMA)
      const t = tierIndex[i] as number
      if (t >= 0) out.bytes(tierCells[t] as Buffer)
      if (values !== null) {
        for (let f = 0; f < factors.length; f++) {
          out.byte(COMMA)
          out.number((weights[f] as number) * ((values[f] as Float64Array)[i] as number))
        }
      }
      out.byte(LF)
    }
  }
}
