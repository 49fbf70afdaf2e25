import { readFile } from 'node:fs/promises'
import { describeError } from './describe-error.ts'

/** Reads and parses a JSON file; a missing, unreadable or non-JSON file is a value with a one-line reason. */
export async function readJsonFile(
  path: string,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return { ok: false, reason: `cannot read ${path}: ${describeError(error)}` }
  }
  try {
    // A leading BOM is common in files saved by Windows editors; JSON.parse rejects it.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) }
  } catch (error) {
    return { ok: false, reason: `${path} is not JSON: ${describeError(error)}` }
  }
}
