import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { main } from '../../../../sync-server/cli/main.ts'

/** The bin shim itself, as `npx scoring` runs it. */
export const SCORING_BIN = fileURLToPath(
  new URL('../../../../sync-server/cli/scoring.mjs', import.meta.url),
)

export interface CliRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts `node scoring.mjs …` as a child process in `cwd`, with `env` added to this one's. */
export function spawnCli(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [SCORING_BIN, ...args], { cwd, env: { ...process.env, ...env } })
}

/** Runs the CLI to completion, feeding `stdin` (or nothing), and collects its output. */
export function runCli(
  args: readonly string[],
  cwd: string,
  stdin = '',
  env: Record<string, string> = {},
): Promise<CliRun> {
  const child = spawnCli(args, cwd, env)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  // A command may stop reading early (a bad record): the rest of stdin then has nowhere to go.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  child.stdin.end(stdin)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * Runs a command line through the CLI's `main` in this process (paths in `args` absolute), over
 * in-memory streams: the same code as the bin, without a process start, and counted by coverage.
 */
export async function runCliInProcess(
  args: readonly string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out = textOf(stdout)
  const err = textOf(stderr)
  const code = await main([...args], { stdout, stderr, stdin: Readable.from([stdin]), env })
  stdout.end()
  stderr.end()
  return { code, stdout: await out, stderr: await err }
}

async function textOf(stream: PassThrough): Promise<string> {
  let text = ''
  for await (const chunk of stream.setEncoding('utf8')) text += chunk
  return text
}

/** A fresh temporary folder with `write(name, content)`, `path(name)` and a `remove()` for afterAll. */
export async function createWorkDir(): Promise<{
  dir: string
  write(name: string, content: string): Promise<string>
  path(name: string): string
  remove(): Promise<void>
}> {
  const dir = await mkdtemp(join(tmpdir(), 'scoring-cli-'))
  return {
    dir,
    path: (name) => join(dir, name),
    async write(name, content) {
      await writeFile(join(dir, name), content)
      return name
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
