import { CsvError, parse, type Options } from 'csv-parse'
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'

/** How a dataset CSV is read, on upload and when its stored bytes are read back for impact. */
export const DATASET_CSV_OPTIONS: Options = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: false,
  max_record_size: 1024 * 1024,
}

export const MAX_DATASET_FIELDS = 1000

export type DatasetCsvResult =
  | { ok: true; bytes: Buffer; fields: string[]; rows: number; sha256: string }
  | { ok: false; status: 413 | 422; reason: string; line?: number }

/** Thrown inside the pipeline to stop reading; turned into a result below. */
class Refusal extends Error {
  constructor(
    readonly status: 413 | 422,
    reason: string,
    readonly line?: number,
  ) {
    super(reason)
  }
}

/**
 * Reads an uploaded CSV as it arrives: a header of unique, non-blank names, then rows of as many
 * fields, UTF-8. Stops at the first problem or once a limit is passed, so a huge or broken upload
 * is refused without being held in memory.
 */
export async function parseDatasetCsv(
  body: ReadableStream<Uint8Array> | null,
  limits: { maxBytes: number; maxRows: number },
): Promise<DatasetCsvResult> {
  const chunks: Buffer[] = []
  let bytes = 0
  let fields: string[] | null = null
  let rows = 0
  const source = body === null ? Readable.from([]) : Readable.fromWeb(body as WebReadableStream)
  try {
    await pipeline(
      source,
      async function* (input: AsyncIterable<Buffer>) {
        for await (const chunk of input) {
          bytes += chunk.length
          if (bytes > limits.maxBytes) {
            throw new Refusal(413, `The CSV is larger than ${limits.maxBytes} bytes.`)
          }
          chunks.push(chunk)
          yield chunk
        }
      },
      parse(DATASET_CSV_OPTIONS),
      async (records: AsyncIterable<string[]>) => {
        for await (const record of records) {
          if (fields === null) {
            fields = checkHeader(record)
            continue
          }
          rows++
          if (rows > limits.maxRows) {
            throw new Refusal(413, `The CSV has more than ${limits.maxRows} rows.`)
          }
        }
      },
    )
  } catch (error) {
    if (error instanceof Refusal) {
      return { ok: false, status: error.status, reason: error.message, line: error.line }
    }
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines
      return { ok: false, status: 422, reason: `The CSV cannot be read: ${error.message}`, line }
    }
    throw error
  }
  if (fields === null)
    return { ok: false, status: 422, reason: 'The CSV is empty: it needs a header row.' }
  if (rows === 0) return { ok: false, status: 422, reason: 'The CSV has a header but no rows.' }
  const all = Buffer.concat(chunks)
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(all)
  } catch {
    return { ok: false, status: 422, reason: 'The CSV is not UTF-8 text.' }
  }
  return {
    ok: true,
    bytes: all,
    fields,
    rows,
    sha256: createHash('sha256').update(all).digest('hex'),
  }
}

function checkHeader(header: string[]): string[] {
  if (header.length > MAX_DATASET_FIELDS) {
    throw new Refusal(422, `The CSV has more than ${MAX_DATASET_FIELDS} columns.`, 1)
  }
  const seen = new Set<string>()
  for (const [i, name] of header.entries()) {
    if (name.trim() === '') throw new Refusal(422, `Column ${i + 1} of the header has no name.`, 1)
    if (seen.has(name)) throw new Refusal(422, `The header names "${name}" twice.`, 1)
    seen.add(name)
  }
  return header
}
