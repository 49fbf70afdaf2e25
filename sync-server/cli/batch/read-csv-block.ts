import type { FactorSource } from '../../../engine/factor-kernel.ts'
import type { Reader } from '../../../engine/prepare-column.ts'
import { fieldText } from '../csv/open-csv-source.ts'
import { createCategoryCodes, type CategoryCodes } from './category-codes.ts'
import { readBooleanBytes, readInstantBytes, readNumberBytes } from '../csv/read-value-bytes.ts'
import {
  createCsvRecord,
  ESCAPED,
  QUOTED,
  scanCsvRecord,
  type CsvRecord,
} from '../csv/scan-csv-record.ts'

/** A field read one way: the engine keeps one column per (field, reader) pair a model uses. */
export interface FieldRead {
  readonly field: string
  readonly reader: Reader
}

/** One block of CSV records read into the columns asked for. */
export interface CsvBlockColumns {
  /** Records read (all of the block's, or those before a bad one). */
  readonly length: number
  /** One column per read, in the order asked, as the engine's kernels read it. */
  readonly columns: readonly FactorSource[]
  /** Line breaks in the whole block, so the next block's lines can be counted on. */
  readonly lines: number
  /** Each record's text (without its line break), when records are kept. */
  readonly recordStarts: Int32Array
  readonly recordEnds: Int32Array
  /** 1 when a record can be copied as it is: nothing quoted, no cell to neutralise. */
  readonly plain: Uint8Array
  /** The first bad record: what is wrong, and its line counted from the block's first (0). */
  readonly error: { readonly message: string; readonly line: number } | null
}

export interface CsvBlockReaderOptions {
  /** Keep where each record lies (to copy it into CSV output). */
  readonly keepRecords: boolean
  /** Cells starting with = + - @ tab or CR make a record not plain (they are rewritten). */
  readonly neutralize: boolean
}

/**
 * Reads blocks of records (after the header) into typed columns; category keys accumulate across
 * blocks. A block's arrays are longer than its `length` and are reused by the next call.
 */
export type CsvBlockReader = (b: Buffer) => CsvBlockColumns

const LF = 10
/** First bytes of a cell a spreadsheet may run as a formula: = + - @ tab CR. */
const RISKY = new Uint8Array(256)
for (const c of [61, 43, 45, 64, 9, 13]) RISKY[c] = 1

/**
 * Numbers, instants and booleans become Float64Arrays (NaN missing; booleans 1/0) read straight
 * from the bytes; categories become codes into a dictionary of keys. A field the header lacks reads
 * as all missing. Each value is exactly what the engine's reader gives for the field's text.
 */
export function createCsvBlockReader(
  header: readonly string[],
  reads: readonly FieldRead[],
  { keepRecords, neutralize }: CsvBlockReaderOptions,
): CsvBlockReader {
  const width = header.length
  // A repeated header name: the last one wins, as a record object built from the header would have it.
  const indexOf = new Map(header.map((name, k) => [name, k]))
  const fieldIndex = reads.map((r) => indexOf.get(r.field) ?? -1)
  const dictionaries = reads.map(() => createCategoryCodes())
  const record = createCsvRecord(width)
  // The arrays are kept from block to block (a block's columns are read before the next is): no
  // allocation per block once they fit the largest.
  let room = 0
  let arrays = allocate(0)
  function allocate(size: number): {
    columns: (Float64Array | Int32Array)[]
    recordStarts: Int32Array
    recordEnds: Int32Array
    plain: Uint8Array
  } {
    return {
      columns: reads.map((r) =>
        r.reader === 'category' ? new Int32Array(size) : new Float64Array(size),
      ),
      recordStarts: new Int32Array(keepRecords ? size : 0),
      recordEnds: new Int32Array(keepRecords ? size : 0),
      plain: new Uint8Array(keepRecords ? size : 0),
    }
  }
  function grow(capacity: number): void {
    room = Math.max(capacity, 2 * room)
    arrays = allocate(room)
  }

  return (b) => {
    const capacity = countBreaks(b) + 1
    if (capacity > room) grow(capacity)
    const { columns, recordStarts, recordEnds, plain } = arrays
    let n = 0
    let line = 0
    let error: CsvBlockColumns['error'] = null
    for (let pos = 0; pos < b.length;) {
      scanCsvRecord(b, pos, b.length, record)
      if (record.problem !== '') {
        error = { message: record.problem, line }
        break
      }
      if (record.count === 1 && record.ends[0] === record.starts[0] && record.flags[0] === 0) {
        // An empty line is no record.
        line++
        pos = record.next
        continue
      }
      if (record.count !== width) {
        const message = `expected ${width} field${width === 1 ? '' : 's'} as in the header, found ${record.count}`
        error = { message, line }
        break
      }
      for (let r = 0; r < reads.length; r++) {
        const k = fieldIndex[r] as number
        const column = columns[r] as Float64Array | Int32Array
        if (k < 0) {
          column[n] = reads[r]!.reader === 'category' ? -1 : NaN
          continue
        }
        const start = record.starts[k] as number
        const end = record.ends[k] as number
        if (((record.flags[k] as number) & ESCAPED) !== 0) {
          column[n] = readText(fieldText(b, record, k), reads[r]!.reader, dictionaries[r]!)
          continue
        }
        switch (reads[r]!.reader) {
          case 'category':
            column[n] = dictionaries[r]!.codeOfBytes(b, start, end)
            break
          case 'number':
            column[n] = readNumberBytes(b, start, end)
            break
          case 'instant':
            column[n] = readInstantBytes(b, start, end)
            break
          default:
            column[n] = readBooleanBytes(b, start, end)
        }
      }
      if (keepRecords) {
        recordStarts[n] = pos
        recordEnds[n] = record.end
        plain[n] = isPlain(b, record, width, neutralize) ? 1 : 0
      }
      n++
      line += 1 + record.innerBreaks
      pos = record.next
    }
    return {
      length: n,
      columns: columns.map((column, r) =>
        reads[r]!.reader === 'category'
          ? { reader: 'category', codes: column as Int32Array, keys: dictionaries[r]!.keys }
          : { reader: 'typed', values: column as Float64Array },
      ),
      lines: capacity - 1,
      recordStarts,
      recordEnds,
      plain,
      error,
    }
  }
}

function countBreaks(b: Buffer): number {
  let count = 0
  for (let at = b.indexOf(LF); at >= 0; at = b.indexOf(LF, at + 1)) count++
  return count
}

/** A value given as text (a quoted field with doubled quotes), read by the engine's rules. */
function readText(text: string, reader: Reader, codes: CategoryCodes): number {
  if (reader === 'category') return codes.codeOfText(text)
  const b = Buffer.from(text)
  if (reader === 'number') return readNumberBytes(b, 0, b.length)
  if (reader === 'instant') return readInstantBytes(b, 0, b.length)
  return readBooleanBytes(b, 0, b.length)
}

function isPlain(b: Buffer, record: CsvRecord, width: number, neutralize: boolean): boolean {
  const { starts, ends, flags } = record
  for (let k = 0; k < width; k++) {
    if ((flags[k] as number) & QUOTED) return false
    const start = starts[k] as number
    if (neutralize && start < (ends[k] as number) && RISKY[b[start] as number] === 1) return false
  }
  return true
}
