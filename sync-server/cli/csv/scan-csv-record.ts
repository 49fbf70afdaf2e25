const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/** Where one record's fields lie in its bytes (RFC 4180), filled by scanCsvRecord. */
export interface CsvRecord {
  /** Fields found; only the first `starts.length` are recorded. */
  count: number
  /** Each field's text: b[starts[k], ends[k]), inside the quotes when quoted. */
  readonly starts: Int32Array
  readonly ends: Int32Array
  /** Per field: QUOTED, and ESCAPED when the text holds doubled quotes to undo. */
  readonly flags: Uint8Array
  /** Where the record's text ends (before its line break) and the next record starts. */
  end: number
  next: number
  /** Line breaks inside the record's quoted fields, for the line numbers of later records. */
  innerBreaks: number
  /** Why the record is malformed ('' when it is not). */
  problem: string
}

export const QUOTED = 1
export const ESCAPED = 2

/** A record able to hold `width` fields. */
export function createCsvRecord(width: number): CsvRecord {
  return {
    count: 0,
    starts: new Int32Array(width),
    ends: new Int32Array(width),
    flags: new Uint8Array(width),
    end: 0,
    next: 0,
    innerBreaks: 0,
    problem: '',
  }
}

/**
 * Scans the record starting at b[pos] (ending at a line break outside quotes — CRLF or LF — or at
 * `limit`) into `record`. A quote inside an unquoted field, text after a closing quote, or a quote
 * left open is a problem, as csv-parse has it; the caller reports it with the record's line.
 */
export function scanCsvRecord(b: Uint8Array, pos: number, limit: number, record: CsvRecord): void {
  const { starts, ends, flags } = record
  const width = starts.length
  let count = 0
  let i = pos
  record.innerBreaks = 0
  record.problem = ''
  for (;;) {
    let start = i
    let end: number
    let flag = 0
    if (i < limit && b[i] === QUOTE) {
      flag = QUOTED
      start = ++i
      for (;;) {
        while (i < limit && b[i] !== QUOTE) if (b[i++] === LF) record.innerBreaks++
        if (i >= limit) return fail(record, count, limit, 'a quoted field is never closed')
        if (i + 1 < limit && b[i + 1] === QUOTE) {
          flag = QUOTED | ESCAPED
          i += 2
          continue
        }
        break
      }
      end = i++
      const after = i < limit ? (b[i] as number) : LF
      if (
        after !== COMMA &&
        after !== LF &&
        !(after === CR && (i + 1 >= limit || b[i + 1] === LF))
      ) {
        return fail(record, count, i, `field ${count + 1} has text after its closing quote`)
      }
    } else {
      while (i < limit) {
        const c = b[i] as number
        if (c === COMMA || c === LF) break
        if (c === QUOTE) return fail(record, count, i, `field ${count + 1} has a quote inside`)
        i++
      }
      end = i
      if ((i >= limit || b[i] === LF) && end > start && b[end - 1] === CR) end--
    }
    if (count < width) {
      starts[count] = start
      ends[count] = end
      flags[count] = flag
    }
    count++
    if (i < limit && b[i] === COMMA) {
      i++
      continue
    }
    // At a line break (or the CR of a CRLF after a closing quote), or the end.
    record.count = count
    let j = i < limit && b[i] === CR ? i + 1 : i
    record.next = j < limit ? j + 1 : limit
    if (j > pos && b[j - 1] === CR) j--
    record.end = j
    return
  }
}

function fail(record: CsvRecord, count: number, at: number, problem: string): void {
  record.count = count
  record.problem = problem
  record.end = at
  record.next = at
}
