import { CsvError, parse, type Options } from 'csv-parse'
import { createHash } from 'node:crypto'
import { createWriteStream, rmSync } from 'node:fs'
import { once } from 'node:events'
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
  | { ok: true; bytes: number; fields: string[]; rows: number; sha256: string }
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
 * Reads an uploaded CSV as it arrives and writes it to `file` (created 0600): a header of unique,
 * non-blank names, then rows of as many fields, UTF-8. Nothing is held in memory beyond a chunk
 * and a record; the upload stops at the first problem or once `maxBytes` or `maxRows` is passed,
 * and then `file` is removed, so a huge or broken upload leaves nothing behind.
 */
export async function parseDatasetCsv(
  body: ReadableStream<Uint8Array> | null,
  limits: { maxBytes: number; maxRows: number; tooLarge?: string },
  file: string,
): Promise<DatasetCsvResult> {
  let bytes = 0
  let fields: string[] | null = null
  let rows = 0
  const hash = createHash('sha256')
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  const source = body === null ? Readable.from([]) : Readable.fromWeb(body as WebReadableStream)
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 })
  const written = once(out, 'close')
  try {
    await pipeline(
      source,
      async function* (input: AsyncIterable<Buffer>) {
        for await (const chunk of input) {
          bytes += chunk.length
          if (bytes > limits.maxBytes) {
            throw new Refusal(
              413,
              limits.tooLarge ?? `The CSV is larger than ${limits.maxBytes} bytes.`,
            )
          }
          try {
            utf8.decode(chunk, { stream: true })
          } catch {
            throw new Refusal(422, 'The CSV is not UTF-8 text.')
          }
          hash.update(chunk)
          if (!out.write(chunk)) await once(out, 'drain')
          yield chunk
        }
        try {
          utf8.decode()
        } catch {
          throw new Refusal(422, 'The CSV is not UTF-8 text.')
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
    out.end()
    await written
  } catch (error) {
    out.destroy()
    await written
    rmSync(file, { force: true })
    if (error instanceof Refusal) {
      return { ok: false, status: error.status, reason: error.message, line: error.line }
    }
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines
      return { ok: false, status: 422, reason: `The CSV cannot be read: ${error.message}`, line }
    }
    throw error
  }
  const refuse = (reason: string): DatasetCsvResult => {
    rmSync(file, { force: true })
    return { ok: false, status: 422, reason }
  }
  if (fields === null) return refuse('The CSV is empty: it needs a header row.')
  if (rows === 0) return refuse('The CSV has a header but no rows.')
  return { ok: true, bytes, fields, rows, sha256: hash.digest('hex') }
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
