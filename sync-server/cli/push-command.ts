import { validateModel } from '../../engine/validate-model.ts'
import type { Finding } from '../../shared/finding-schema.ts'
import { CreatedModelSchema, ReplacedDraftSchema } from '../../shared/model-api-schemas.ts'
import type { Model } from '../../shared/model-schema.ts'
import type { CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { formatFinding } from './format-findings.ts'
import { writeFindings } from './load-model.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { parseServerUrl } from './parse-server-url.ts'
import { readJsonFile } from './read-json-file.ts'
import { readProblem, type CliProblem } from './read-problem.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring push'

export const PUSH_USAGE = `Usage: SCORING_TOKEN=<token> scoring push --model model.json --server <url>

Replaces the server's draft of the model with this file (PUT /api/models/<id>), as one change
attributed to the token's user; only fields whose value differs are written. A model the server
does not hold yet is created. Needs an analyst token in SCORING_TOKEN.
Exit status: 0 pushed, 1 the server or the schema refused it, 2 usage, unreadable file or no answer.

Options:
  --model <file>   the model JSON to push
  --server <url>   the server, such as http://127.0.0.1:8787
  -h, --help       show this help
`

/** `scoring push --model model.json --server URL` (token from SCORING_TOKEN) */
export async function runPushCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, PUSH_USAGE)
  const { values } = parsed.args
  if (values.help) {
    io.stdout.write(PUSH_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string) => reportUsageError(io, COMMAND, reason, PUSH_USAGE)
  if (values.model === undefined) return usageError('--model is required')
  if (values.server === undefined) return usageError('--server is required')
  const server = parseServerUrl(values.server)
  if (server === null) return usageError(`--server must be an http(s) URL, not ${values.server}`)
  const token = io.env.SCORING_TOKEN?.trim()
  if (!token) return usageError('SCORING_TOKEN must hold a token (npx scoring token … mints one)')

  const file = await readJsonFile(values.model)
  if (!file.ok) return reportFailure(io, COMMAND, file.reason, EXIT.usage)
  // Schema errors are caught here, without a round trip; rule findings are the server's to report.
  const { model, findings } = validateModel(file.value)
  if (model === null) {
    writeFindings(io, values.model, findings)
    return reportFailure(
      io,
      COMMAND,
      `${values.model} is not a model (schema errors above)`,
      EXIT.invalid,
    )
  }

  const send = (method: 'PUT' | 'POST', path: string) =>
    fetch(`${server}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(file.value),
    })
  try {
    const replaced = await send('PUT', `/api/models/${encodeURIComponent(model.id)}`)
    if (replaced.ok) {
      const { changes, findings: drafted } = ReplacedDraftSchema.parse(await replaced.json())
      io.stdout.write(
        changes.length === 0
          ? `${model.id}: the draft already matches ${values.model}; nothing changed\n`
          : `${model.id}: ${changes.length} field${changes.length === 1 ? '' : 's'} changed\n` +
              changes.map((c) => `  ${fieldName(c)}: ${show(c.from)} → ${show(c.to)}\n`).join(''),
      )
      return reportDraftErrors(io, drafted)
    }
    const problem = await readProblem(replaced)
    if (replaced.status === 404 && problem?.code === 'model-not-found') {
      return await create(io, model, await send('POST', '/api/models'))
    }
    return reportProblem(io, replaced.status, problem)
  } catch (error) {
    return reportFailure(
      io,
      COMMAND,
      `cannot push to ${server}: ${describeError(error)}`,
      EXIT.usage,
    )
  }
}

async function create(io: CliIo, model: Model, response: Response): Promise<number> {
  if (!response.ok) return reportProblem(io, response.status, await readProblem(response))
  const { findings } = CreatedModelSchema.parse(await response.json())
  io.stdout.write(`${model.id}: created\n`)
  return reportDraftErrors(io, findings)
}

/** The push went through; error findings only mean the draft cannot be promoted yet. */
function reportDraftErrors(io: CliIo, findings: readonly Finding[]): number {
  const errors = findings.filter((f) => f.severity === 'error')
  for (const finding of errors) io.stderr.write(formatFinding(finding))
  if (errors.length > 0) {
    io.stderr.write(
      `${COMMAND}: the draft has ${errors.length} error finding(s): it cannot be promoted until they are fixed\n`,
    )
  }
  return EXIT.ok
}

function reportProblem(io: CliIo, status: number, problem: CliProblem | null): number {
  for (const finding of problem?.findings ?? []) io.stderr.write(formatFinding(finding))
  const reason = problem === null ? 'no problem details' : `${problem.code}: ${problem.detail}`
  return reportFailure(io, COMMAND, `the server refused it (${status} ${reason})`, EXIT.invalid)
}

function fieldName({ factorId, field }: { factorId: string | null; field: string }): string {
  return factorId === null ? field : `${factorId}.${field}`
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value)
}
