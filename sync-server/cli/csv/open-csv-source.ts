import type { Readable } from 'node:stream'
import { LeadInputError } from '../lead-input-error.ts'
import { createCsvRecord, ESCAPED, scanCsvRecord, type CsvRecord } from './scan-csv-record.ts'
import { createCsvRecordSplitter } from './split-csv-records.ts'

/** How much of a file to read at once: a block is at most about this, plus one record. */
export const BLOCK_BYTES = 256 << 10
const CR = 13
/** The most header fields read. */
const MAX_COLUMNS = 16_384

/** A CSV being read: its header, then its records in blocks of whole records. */
export interface CsvSource {
  /** The header's field names (none for an empty input). */
  readonly header: readonly string[]
  /** Line breaks in the header record (1, unless a name holds one). */
  readonly headerLines: number
  /** Runs of whole records in input order; the last may lack its line break. */
  blocks(): AsyncGenerator<Buffer>
}

/**
 * Reads the header of a CSV (a UTF-8 byte order mark is skipped) and returns it with a generator of
 * the records after it, cut at record boundaries: a block is whatever whole records have arrived
 * (open files with a highWaterMark of BLOCK_BYTES), so slow input is still answered as it comes.
 */
export async function openCsvSource(input: Readable): Promise<CsvSource> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>
  const splitter = createCsvRecordSplitter()
  let pending: Buffer = Buffer.alloc(0)
  let scanned = 0
  let done = false

  /** The next run of whole records, or the rest at the end; null when nothing is left. */
  async function nextRun(): Promise<Buffer | null> {
    for (;;) {
      const cut = scanned < pending.length ? splitter.lastBreak(pending, scanned) : -1
      scanned = pending.length
      if (cut > 0) {
        const run = pending.subarray(0, cut)
        pending = pending.subarray(cut)
        scanned = pending.length
        return run
      }
      if (done) {
        const rest = pending
        pending = Buffer.alloc(0)
        return rest.length > 0 ? rest : null
      }
      const next = await chunks.next()
      if (next.done) {
        done = true
      } else {
        // A stream with an encoding set gives text: back to the bytes it came from.
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
      }
    }
  }

  let first = await nextRun()
  if (first !== null && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) {
    first = first.subarray(3)
  }
  if (first === null || first.length === 0) {
    return { header: [], headerLines: 0, blocks: emptyBlocks }
  }
  const record = createCsvRecord(MAX_COLUMNS)
  // Empty lines before the header are skipped, as they are between records.
  let at = 0
  let skipped = 0
  for (;;) {
    scanCsvRecord(first, at, first.length, record)
    const empty = record.count === 1 && record.ends[0] === record.starts[0] && record.flags[0] === 0
    if (!empty || record.problem !== '') break
    skipped++
    at = record.next
    if (at >= first.length) {
      const next = await nextRun()
      if (next === null) return { header: [], headerLines: 0, blocks: emptyBlocks }
      first = next
      at = 0
    }
  }
  const line = skipped + 1
  if (record.problem !== '') throw new LeadInputError(`header: ${record.problem}`, line)
  if (record.count > MAX_COLUMNS) {
    throw new LeadInputError(`header has ${record.count} fields, more than ${MAX_COLUMNS}`, line)
  }
  for (let k = 0; k < record.count; k++) {
    const field = first.subarray(record.starts[k], record.ends[k])
    if ((record.flags[k] as number) === 0 && field.includes(CR)) {
      const reason =
        'lines end with a bare CR (classic Mac); save the file with LF or CRLF line ends'
      throw new LeadInputError(reason, line)
    }
  }
  const header = Array.from({ length: record.count }, (_, k) => fieldText(first, record, k))
  let rest: Buffer | null = first.subarray(record.next)
  return {
    header,
    headerLines: skipped + 1 + record.innerBreaks,
    async *blocks() {
      try {
        if (rest !== null && rest.length > 0) yield rest
        rest = null
        for (let run = await nextRun(); run !== null; run = await nextRun()) yield run
      } finally {
        await chunks.return?.()
      }
    },
  }
}

async function* emptyBlocks(): AsyncGenerator<Buffer> {}

/** The text of field k of a scanned record, with doubled quotes undone. */
export function fieldText(b: Buffer, record: CsvRecord, k: number): string {
  const text = b.toString('utf8', record.starts[k], record.ends[k])
  return (record.flags[k] as number) & ESCAPED ? text.replaceAll('""', '"') : text
}
