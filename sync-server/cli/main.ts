import { processIo, type CliIo } from './cli-io.ts'
import { EXIT } from './exit-codes.ts'
import { reportUsageError } from './report-usage-error.ts'

type Command = (argv: string[], io: CliIo) => Promise<number>

// Each command is imported only when run: starting the CLI stays quick whatever the others load.
const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  validate: {
    load: async () => (await import('./validate-command.ts')).runValidateCommand,
    summary: 'check a model; print its findings',
  },
  score: {
    load: async () => (await import('./score-command.ts')).runScoreCommand,
    summary: 'score a CSV or JSONL file of leads, streaming',
  },
  impact: {
    load: async () => (await import('./impact-command.ts')).runImpactCommand,
    summary: 'compare two models on a dataset',
  },
  backtest: {
    load: async () => (await import('./backtest-command.ts')).runBacktestCommand,
    summary: 'how well a model ranks converters, on leads with an outcome',
  },
  fit: {
    load: async () => (await import('./fit-command.ts')).runFitCommand,
    summary: "fit a model's weights to past outcomes; prints the fitted model",
  },
  test: {
    load: async () => (await import('./test-command.ts')).runTestCommand,
    summary: "run a model's tests (golden leads)",
  },
  push: {
    load: async () => (await import('./push-command.ts')).runPushCommand,
    summary: "replace a model's draft on a server with a model file",
  },
  branch: {
    load: async () => (await import('./branch-command.ts')).runBranchCommand,
    summary: "fork a model's draft on a server, list its branches, merge one back",
  },
  token: {
    load: async () => (await import('./token-command.ts')).runTokenCommand,
    summary: 'mint a sign-in token for the sync server',
  },
  backup: {
    load: async () => (await import('./backup-command.ts')).runBackupCommand,
    summary: "copy the server's database, safely while it runs",
  },
}

export const MAIN_USAGE = `Usage: scoring <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Run \`scoring <command> --help\` for a command's options.
`

/** Runs one `scoring` command line (without the node and script arguments); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) return reportUsageError(io, 'scoring', 'no command given', MAIN_USAGE)
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] === undefined ? undefined : commandNamed(rest[0])
    if (topic) return (await topic.load())(['--help'], io)
    io.stdout.write(MAIN_USAGE)
    return EXIT.ok
  }
  const command = commandNamed(name)
  if (command === undefined) {
    return reportUsageError(io, 'scoring', `unknown command '${name}'`, MAIN_USAGE)
  }
  return (await command.load())(rest, io)
}

function commandNamed(name: string): (typeof COMMANDS)[string] | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
}
