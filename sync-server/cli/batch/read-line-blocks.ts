import type { Readable } from 'node:stream'

const LF = 10
const BOM = Buffer.from([0xef, 0xbb, 0xbf])

/**
 * The input in blocks of whole lines, in input order: whatever whole lines have arrived (a file is
 * read BLOCK_BYTES at a time), cut after the last line feed, so slow input is answered as it comes.
 * The last block may lack its line break. A UTF-8 byte order mark at the start is skipped.
 */
export async function* readLineBlocks(input: Readable): AsyncGenerator<Buffer> {
  // The start of a line not ended yet: kept in pieces, so a line longer than a chunk is copied once.
  let parts: Buffer[] = []
  let started = false
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    // A stream with an encoding set gives text: back to the bytes it came from.
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    if (!started) {
      bytes = parts.length === 0 ? bytes : Buffer.concat([...parts, bytes])
      parts = []
      // A mark split over chunks is only known once three bytes are in.
      if (bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) {
        parts.push(bytes)
        continue
      }
      started = true
      if (bytes.subarray(0, BOM.length).equals(BOM)) bytes = bytes.subarray(BOM.length)
    }
    const cut = bytes.lastIndexOf(LF) + 1
    if (cut === 0) {
      parts.push(bytes)
      continue
    }
    yield parts.length === 0
      ? bytes.subarray(0, cut)
      : Buffer.concat([...parts, bytes.subarray(0, cut)])
    parts = cut < bytes.length ? [bytes.subarray(cut)] : []
  }
  // Input shorter than a byte order mark is what it is (not a mark).
  if (parts.length > 0) yield Buffer.concat(parts)
}
