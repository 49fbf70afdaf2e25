import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import type { CliIo } from './cli-io.ts'

/** The leads to read: stdin for "-", else the file, opened now so that a missing file fails before any output. */
export async function openInput(path: string, io: CliIo): Promise<Readable> {
  if (path === '-') return io.stdin
  const handle = await open(path, 'r')
  return handle.createReadStream()
}
