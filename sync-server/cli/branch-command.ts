import type { z } from 'zod'
import {
  BranchListSchema,
  BranchSchema,
  MergeResultSchema,
  type MergeResult,
} from '../../shared/branch-api-schemas.ts'
import type { CliIo } from './cli-io.ts'
import { describeError } from './describe-error.ts'
import { EXIT } from './exit-codes.ts'
import { formatTable } from './format-table.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { parseServerUrl } from './parse-server-url.ts'
import { readProblem } from './read-problem.ts'
import { reportFailure } from './report-failure.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring branch'

export const BRANCH_USAGE = `Usage: SCORING_TOKEN=<token> scoring branch <subcommand> … --server <url>

  scoring branch create <modelId> <name> [--from <snapshotId>]
      fork the model's draft (or one of its snapshots) into a new branch
  scoring branch list <modelId>
      the model's branches: who forked each, when, and the changes on each side since
  scoring branch merge <modelId> <name> [--dry-run]
      apply the branch's changes since the fork to the draft, as one change by the token's user;
      --dry-run prints what it would change and writes nothing

Needs a token in SCORING_TOKEN (an analyst's to create or merge).
Exit status: 0 done, 1 the server refused it (unknown model or branch, name taken, role too
low, …), 2 usage or no answer from the server.

Options:
  --server <url>      the server, such as http://127.0.0.1:8787
  --from <snapshot>   create: fork this snapshot instead of the draft
  --dry-run           merge: only say what the merge would change
  -h, --help          show this help
`

type Subcommand = 'create' | 'list' | 'merge'
const ARITY: Record<Subcommand, number> = { create: 2, list: 1, merge: 2 }

/** `scoring branch create|list|merge …` against `--server` with the token in SCORING_TOKEN. */
export async function runBranchCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      from: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, BRANCH_USAGE)
  const { values, positionals } = parsed.args
  if (values.help) {
    io.stdout.write(BRANCH_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string) => reportUsageError(io, COMMAND, reason, BRANCH_USAGE)
  const [sub, ...operands] = positionals
  if (sub === undefined) return usageError('no subcommand given (create, list or merge)')
  if (!Object.hasOwn(ARITY, sub)) return usageError(`unknown subcommand '${sub}'`)
  const subcommand = sub as Subcommand
  if (operands.length !== ARITY[subcommand]) {
    const wanted = subcommand === 'list' ? '<modelId>' : '<modelId> <name>'
    return usageError(`${subcommand} takes ${wanted}`)
  }
  if (values.from !== undefined && subcommand !== 'create') {
    return usageError('--from is for create')
  }
  if (values['dry-run'] && subcommand !== 'merge') return usageError('--dry-run is for merge')
  if (values.server === undefined) return usageError('--server is required')
  const server = parseServerUrl(values.server)
  if (server === null) return usageError(`--server must be an http(s) URL, not ${values.server}`)
  const token = io.env.SCORING_TOKEN?.trim()
  if (!token) return usageError('SCORING_TOKEN must hold a token (npx scoring token … mints one)')

  const [modelId = '', name = ''] = operands
  const branches = `${server}/api/models/${encodeURIComponent(modelId)}/branches`
  const send = (url: string, method: 'GET' | 'POST', body?: unknown) =>
    fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  try {
    switch (subcommand) {
      case 'create': {
        const response = await send(branches, 'POST', { name, from: values.from ?? null })
        const branch = await answer(io, response, BranchSchema)
        if (branch === null) return EXIT.invalid
        const origin = branch.from === null ? 'the draft' : `snapshot ${branch.from}`
        io.stdout.write(
          `${modelId}: branch "${branch.name}" forked from ${origin} (doc ${branch.branchId})\n`,
        )
        return EXIT.ok
      }
      case 'list': {
        const list = await answer(io, await send(branches, 'GET'), BranchListSchema)
        if (list === null) return EXIT.invalid
        if (list.branches.length === 0) {
          io.stdout.write(`${modelId}: no branches\n`)
          return EXIT.ok
        }
        const rows = list.branches.map((b) => [
          b.name,
          b.forkedBy.name,
          b.forkedAt,
          b.from ?? 'draft',
          String(b.branchChanges),
          String(b.draftChanges),
        ])
        io.stdout.write(
          formatTable(
            [
              ['name', 'forked by', 'forked at', 'from', 'branch changes', 'draft changes'],
              ...rows,
            ],
            4,
          ),
        )
        return EXIT.ok
      }
      case 'merge': {
        const dryRun = values['dry-run'] === true
        const url = `${branches}/${encodeURIComponent(name)}/merge${dryRun ? '?dryRun=1' : ''}`
        const result = await answer(io, await send(url, 'POST'), MergeResultSchema)
        if (result === null) return EXIT.invalid
        io.stdout.write(describeMerge(modelId, name, result, dryRun))
        return EXIT.ok
      }
    }
  } catch (error) {
    return reportFailure(
      io,
      COMMAND,
      `no answer from ${server}: ${describeError(error)}`,
      EXIT.usage,
    )
  }
}

/** The parsed answer, or null after printing why the server refused. */
async function answer<S extends z.ZodType>(
  io: CliIo,
  response: Response,
  schema: S,
): Promise<z.infer<S> | null> {
  if (response.ok) return schema.parse(await response.json())
  const problem = await readProblem(response)
  const reason = problem === null ? 'no problem details' : `${problem.code}: ${problem.detail}`
  reportFailure(io, COMMAND, `the server refused it (${response.status} ${reason})`, EXIT.invalid)
  return null
}

function describeMerge(modelId: string, name: string, result: MergeResult, dryRun: boolean) {
  if (result.changed.length === 0) {
    return `${modelId}: branch "${name}" has nothing new to merge\n`
  }
  const count = `${result.changed.length} field${result.changed.length === 1 ? '' : 's'}`
  const head = dryRun
    ? `${modelId}: merging branch "${name}" would change ${count} (dry run, nothing written)\n`
    : `${modelId}: merged branch "${name}": ${count} changed\n`
  const both = new Map(result.bothChanged.map((entry) => [entry.field, entry]))
  return (
    head +
    result.changed
      .map((field) => {
        const conflict = both.get(field)
        return conflict === undefined
          ? `  ${field}\n`
          : `  ${field}: changed on the draft too; kept ${show(conflict.won)}, dropped ${show(conflict.lost)}\n`
      })
      .join('')
  )
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? 'null'
}
