import { parse } from 'csv-parse'
import { Readable } from 'node:stream'
import { neutralizeCsvCell } from '../cli/neutralize-csv-cell.ts'
import { DATASET_CSV_OPTIONS } from './parse-dataset-csv.ts'

const NEEDS_QUOTES = /[",\r\n]/

/**
 * A stored dataset CSV re-written record by record with every cell that a spreadsheet would run
 * as a formula defused (OWASP CSV injection), streaming: the file is never held whole.
 */
export function neutralizeCsv(csv: Readable): ReadableStream<Uint8Array> {
  const records = csv.pipe(parse(DATASET_CSV_OPTIONS)) as AsyncIterable<string[]>
  async function* rows(): AsyncGenerator<string> {
    for await (const record of records) {
      yield `${record.map((cell) => quote(neutralizeCsvCell(cell))).join(',')}\n`
    }
  }
  return Readable.toWeb(Readable.from(rows())) as ReadableStream<Uint8Array>
}

function quote(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
}
