import { parse } from 'csv-parse'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import type { Lead } from '../../shared/lead-schema.ts'
import type { LeadFormat } from './lead-format.ts'
import { LeadInputError } from './lead-input-error.ts'
import { parseLeadLine } from './parse-lead-line.ts'

export interface ReadLeadsOptions {
  /** Called once with the CSV header (input columns) before the first lead. */
  readonly onHeader?: (columns: string[]) => void
}

/**
 * Streams leads from CSV (header row, values as strings) or JSONL (one object per line), in input
 * order. Bad data throws LeadInputError after every lead before it has been yielded.
 */
export function readLeads(
  input: Readable,
  format: LeadFormat,
  options: ReadLeadsOptions = {},
): AsyncGenerator<Lead> {
  return format === 'csv' ? readCsvLeads(input, options) : readJsonlLeads(input)
}

/** Marks where the parser found a bad record, in order among the records it produced. */
class BadRecord {
  constructor(readonly error: Error & { lines?: number }) {}
}

async function* readCsvLeads(
  input: Readable,
  { onHeader }: ReadLeadsOptions,
): AsyncGenerator<Lead> {
  // A parse error would destroy the parser and drop the records it had already produced in the
  // same chunk; reporting it in-band as a record keeps "every lead before the bad line is scored".
  const parser = parse({
    columns: (header: string[]) => {
      onHeader?.(header)
      return header
    },
    bom: true,
    trim: false,
    skip_empty_lines: true,
    relax_column_count: false,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) parser.push(new BadRecord(error))
      return undefined
    },
  })
  input.on('error', (error) => parser.destroy(error))
  input.pipe(parser)
  try {
    for await (const record of parser as AsyncIterable<Lead | BadRecord>) {
      if (record instanceof BadRecord) {
        throw new LeadInputError(record.error.message, record.error.lines)
      }
      yield record
    }
  } finally {
    input.unpipe(parser)
    input.destroy()
    parser.destroy()
  }
}

async function* readJsonlLeads(input: Readable): AsyncGenerator<Lead> {
  const lines = createInterface({ input, crlfDelay: Infinity })
  let lineNumber = 0
  try {
    for await (const raw of lines) {
      lineNumber++
      const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw
      if (line.trim() === '') continue
      yield parseLeadLine(line, lineNumber)
    }
  } finally {
    lines.close()
    input.destroy()
  }
}
