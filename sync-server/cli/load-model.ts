import type { Finding } from '../../shared/finding-schema.ts'
import type { Model } from '../../shared/model-schema.ts'
import { validateModel } from '../../engine/validate-model.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { formatFinding } from './format-findings.ts'
import { reportFailure } from './report-failure.ts'
import { readJsonFile } from './read-json-file.ts'

export interface LoadModelOptions {
  /** Score a model that breaks validation rules (a draft); schema errors still refuse. */
  readonly allowInvalid: boolean
}

/**
 * Reads and validates a model for scoring, printing its findings to stderr: an unreadable file
 * exits 2, a schema error exits 1, a rule error exits 1 unless allowed, warnings only warn.
 */
export async function loadModel(
  path: string,
  io: CliIo,
  command: string,
  { allowInvalid }: LoadModelOptions,
): Promise<{ ok: true; model: Model } | { ok: false; exitCode: number }> {
  const file = await readJsonFile(path)
  if (!file.ok) return { ok: false, exitCode: reportFailure(io, command, file.reason, EXIT.usage) }
  const result = validateModel(file.value)
  writeFindings(io, path, result.findings)
  if (result.model === null) {
    return {
      ok: false,
      exitCode: reportFailure(
        io,
        command,
        `${path} is not a model (schema errors above)`,
        EXIT.invalid,
      ),
    }
  }
  if (!result.ok) {
    if (!allowInvalid) {
      const reason = `${path} breaks validation rules (errors above); pass --allow-invalid to use it anyway`
      return { ok: false, exitCode: reportFailure(io, command, reason, EXIT.invalid) }
    }
    io.stderr.write(`${command}: warning: using ${path} although it is invalid (--allow-invalid)\n`)
  }
  return { ok: true, model: result.model }
}

/** Findings of a model used for scoring go to stderr, each prefixed with the file it is about. */
export function writeFindings(io: CliIo, path: string, findings: readonly Finding[]): void {
  for (const finding of findings) io.stderr.write(`${path}: ${formatFinding(finding)}`)
}
