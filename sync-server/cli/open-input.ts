import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { CliIo } from './cli-io.ts'
import { BLOCK_BYTES } from './csv/open-csv-source.ts'

/** The leads to read, and their size in bytes when known (a file). */
export interface Input {
  readonly stream: Readable
  readonly size: number | undefined
}

/**
 * The leads to read: stdin for "-", else the file, opened now so that a missing file fails before
 * any output, and read in blocks of BLOCK_BYTES.
 */
export async function openInput(path: string, io: CliIo): Promise<Input> {
  if (path === '-') return { stream: io.stdin, size: undefined }
  const handle = await open(path, 'r')
  const { size } = await handle.stat()
  return { stream: handle.createReadStream({ highWaterMark: BLOCK_BYTES }), size }
}
