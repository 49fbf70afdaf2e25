import { createAuth } from '../auth/create-auth.ts'
import { RoleSchema, ROLES } from '../../shared/identity-schema.ts'
import { loadSecret } from '../auth/load-secret.ts'
import { parseTtl } from '../auth/parse-ttl.ts'
import { readConfig } from '../read-config.ts'
import type { CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { parseCommandArgs } from './parse-command-args.ts'
import { reportUsageError } from './report-usage-error.ts'

const COMMAND = 'scoring token'

export const TOKEN_USAGE = `Usage: scoring token --user <id> --name <display name> --role <role> [--ttl 8h]

Mints a sign-in token for the sync server and prints it alone on standard output.
Signs with SCORING_SECRET, or the secret the server keeps in DATA_DIR (default ./data).

Options:
  --user <id>          the user's stable id (the token's subject)
  --name <name>        the name shown to collaborators
  --role <role>        ${ROLES.join(', ')}
  --ttl <duration>     lifetime such as 30m, 8h or 7d (default 8h)
  -h, --help           show this help
`

/** `scoring token --user <id> --name <display> --role <role> [--ttl 8h]` */
export async function runTokenCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs({
    args: argv,
    options: {
      user: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (!parsed.ok) return reportUsageError(io, COMMAND, parsed.reason, TOKEN_USAGE)
  const { values } = parsed.args
  if (values.help) {
    io.stdout.write(TOKEN_USAGE)
    return EXIT.ok
  }
  const usageError = (reason: string) => reportUsageError(io, COMMAND, reason, TOKEN_USAGE)
  const user = values.user?.trim()
  const name = values.name?.trim()
  if (!user) return usageError('--user is required')
  if (!name) return usageError('--name is required')
  const role = RoleSchema.safeParse(values.role)
  if (!role.success) return usageError(`--role must be one of ${ROLES.join(', ')}`)
  const ttl = parseTtl(values.ttl)
  if (ttl === null) return usageError(`--ttl must look like 30m, 8h or 7d, got "${values.ttl}"`)
  const config = readConfig(process.env)
  if (!config.ok) return usageError(config.reason)

  const auth = createAuth(loadSecret(config.config.dataDir, config.config.secret))
  const token = await auth.mintToken({ id: user, name, role: role.data }, ttl)
  io.stdout.write(`${token}\n`)
  return EXIT.ok
}
