import type { Readable } from 'node:stream'
import { readerOf } from '../../../engine/compile-factor.ts'
import type { LeadColumns } from '../../../engine/lead-columns.ts'
import type { RawColumn } from '../../../engine/prepare-column.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { openCsvSource } from '../csv/open-csv-source.ts'
import type { LeadFormat } from '../lead-format.ts'
import { LeadInputError } from '../lead-input-error.ts'
import { readLeadColumns } from '../read-lead-columns.ts'
import { createCsvBlockReader, type FieldRead } from './read-csv-block.ts'

/** How a dataset's columns are read for some models: typed where one reading serves every use. */
export interface ColumnPlan {
  /** Fields every factor reads the same way as a number, an instant or a boolean: Float64Arrays. */
  readonly typed: readonly FieldRead[]
  /** Every other field (categories, a field read two ways, extra fields): its texts. */
  readonly text: readonly string[]
}

/**
 * The plan for the fields the models' factors read, plus `extraFields` read as text (an outcome
 * column, say). A typed column is read exactly as each factor's reader reads the field's text.
 */
export function planModelColumns(
  models: readonly Model[],
  extraFields: readonly string[] = [],
): ColumnPlan {
  const readers = new Map<string, Set<string>>()
  for (const model of models) {
    for (const f of model.factors) {
      const set = readers.get(f.field) ?? new Set<string>()
      set.add(readerOf(f.transform))
      readers.set(f.field, set)
    }
  }
  for (const field of extraFields) readers.set(field, new Set(['text']))
  const typed: FieldRead[] = []
  const text: string[] = []
  for (const [field, set] of readers) {
    const [only] = set
    if (set.size === 1 && (only === 'number' || only === 'instant' || only === 'boolean')) {
      typed.push({ field, reader: only })
    } else {
      text.push(field)
    }
  }
  return { typed, text }
}

/**
 * Reads a dataset's planned fields into whole columns, for scoring it whole (impact, backtest,
 * fitting). CSV is read as `scoring score` reads it, block by block from the bytes; a text column
 * holds each field's text ('' for a blank cell, undefined for a column the header lacks). A bad
 * record throws LeadInputError with its line. `onProgress` gets the count of leads read so far.
 */
export async function readModelColumns(
  input: Readable,
  format: LeadFormat,
  plan: ColumnPlan,
  onProgress?: (count: number) => void,
): Promise<LeadColumns> {
  if (format === 'jsonl') {
    return readLeadColumns(
      input,
      format,
      [...plan.typed.map((r) => r.field), ...plan.text],
      onProgress,
    )
  }
  const source = await openCsvSource(input)
  // Text fields are read as category codes: each distinct text once, every lead a code into them.
  const reads = [
    ...plan.typed,
    ...plan.text.map((field): FieldRead => ({ field, reader: 'category' })),
  ]
  const read = createCsvBlockReader(source.header, reads, { keepRecords: false, neutralize: false })
  let typed = plan.typed.map(() => new Float64Array(0))
  let codes = plan.text.map(() => new Int32Array(0))
  let keys: readonly (readonly string[])[] = plan.text.map(() => [])
  let length = 0
  let line = 1 + source.headerLines
  for await (const b of source.blocks()) {
    const block = read(b)
    const end = length + block.length
    if (end > (typed[0] ?? codes[0] ?? { length: Infinity }).length) {
      const room = Math.max(end, 2 * length, 1024)
      typed = typed.map((column) => grown(new Float64Array(room), column, length))
      codes = codes.map((column) => grown(new Int32Array(room), column, length))
    }
    block.columns.forEach((column, r) => {
      if (column.reader === 'typed') {
        ;(typed[r] as Float64Array).set(column.values.subarray(0, block.length), length)
      } else if (column.reader === 'category') {
        const t = r - plan.typed.length
        ;(codes[t] as Int32Array).set(column.codes.subarray(0, block.length), length)
        keys = keys.map((k, i) => (i === t ? column.keys : k))
      }
    })
    length = end
    if (block.error !== null) throw new LeadInputError(block.error.message, line + block.error.line)
    line += block.lines
    onProgress?.(length)
  }
  const columns: Record<string, RawColumn> = {}
  plan.typed.forEach(
    ({ field }, r) => (columns[field] = (typed[r] as Float64Array).subarray(0, length)),
  )
  const inHeader = new Set(source.header)
  plan.text.forEach((field, t) => {
    const textKeys = keys[t] as readonly string[]
    const fieldCodes = codes[t] as Int32Array
    columns[field] = inHeader.has(field)
      ? Array.from({ length }, (_, i) => {
          const code = fieldCodes[i] as number
          // A blank cell (empty or spaces): '' reads as missing under every rule, as the text did.
          return code < 0 ? '' : (textKeys[code] as string)
        })
      : new Array<undefined>(length).fill(undefined)
  })
  return { length, columns }
}

function grown<T extends Float64Array | Int32Array>(next: T, column: T, length: number): T {
  next.set(column.subarray(0, length))
  return next
}
