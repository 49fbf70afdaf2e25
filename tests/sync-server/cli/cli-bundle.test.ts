import { spawn } from 'node:child_process'
import { cp, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { asCsvRecord, fieldsOf, toCsv } from './support/lead-files.ts'
import type { main as runCliMain } from '../../../sync-server/cli/main.ts'
import { createWorkDir, runCliInProcess, type CliRun } from './support/run-cli.ts'

const LEADS = 50_000
const REPO = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * A copy of the repo's sources with a node_modules of links to the repo's packages, all but tsx:
 * the CLI can run there only from its bundle (the fallback to the TypeScript sources needs tsx),
 * and its bundle cache is the copy's own.
 */
async function copyRepo(dir: string, { withTsx = false } = {}): Promise<void> {
  for (const folder of ['engine', 'shared', 'sync-server']) {
    await cp(join(REPO, folder), join(dir, folder), { recursive: true })
  }
  await cp(join(REPO, 'tsconfig.json'), join(dir, 'tsconfig.json'))
  await cp(join(REPO, 'package.json'), join(dir, 'package.json'))
  await mkdir(join(dir, 'node_modules'))
  for (const name of await readdir(join(REPO, 'node_modules'))) {
    if ((name === 'tsx' && !withTsx) || name === '.cache' || name === '.bin') continue
    await symlink(join(REPO, 'node_modules', name), join(dir, 'node_modules', name))
  }
}

/** Runs the copy's bin in `dir` to its end. */
function runCopy(dir: string, args: readonly string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [join(dir, 'sync-server/cli/scoring.mjs'), ...args], {
    cwd: dir,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** The bin's own module, in this process (this repo's bundle cache): counted by coverage. */
test('cliBundleMain answers the bundled main module of this repo, which runs the CLI', async () => {
  // @ts-expect-error -- plain JavaScript module without type declarations (the bin's helper)
  const { cliBundleMain } = (await import('../../../sync-server/cli/cli-bundle.mjs')) as {
    cliBundleMain: () => Promise<string>
  }
  const url = await cliBundleMain()
  expect(url).toMatch(/node_modules\/\.cache\/scoring-cli\/build-[^/]+\/main\.mjs$/)
  expect(await cliBundleMain()).toBe(url)
  const { main } = (await import(url)) as { main: typeof runCliMain }
  const stdout = new PassThrough()
  let text = ''
  stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const code = await main(['--help'], {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([]),
    env: {},
  })
  expect(code).toBe(0)
  expect(text).toContain('Usage: scoring <command>')
})

const cacheOf = (dir: string): string => join(dir, 'node_modules/.cache/scoring-cli')

async function currentBuild(dir: string): Promise<string> {
  const current = JSON.parse(await readFile(join(cacheOf(dir), 'current.json'), 'utf8')) as {
    dir: string
  }
  return current.dir
}

describe('the bin runs the CLI from a bundle it builds and keeps up to date', () => {
  let work: Awaited<ReturnType<typeof createWorkDir>>
  beforeEach(async () => {
    work = await createWorkDir()
    await copyRepo(work.dir)
  })
  afterEach(() => work.remove())

  test('the first run builds it; worker threads run from it; later runs reuse it', async () => {
    // Enough leads that the workers start (and would fail, from a broken bundle) before the end.
    const leads = generateDemoLeads(LEADS, 7)
    const columns = fieldsOf(leads)
    await work.write(
      'leads.csv',
      toCsv(
        leads.map((lead) => asCsvRecord(lead, columns)),
        columns,
      ),
    )
    await work.write('model.json', JSON.stringify(DEMO_MODEL))
    const args = (threads: string): string[] => [
      'score',
      '--model',
      work.path('model.json'),
      '--as-of',
      String(DEMO_AS_OF),
      '--format',
      'csv',
      '--threads',
      threads,
      work.path('leads.csv'),
    ]
    const expected = await runCliInProcess(args('0'))
    expect(expected.code).toBe(0)

    const inWorkers = await runCopy(work.dir, args('2'))
    expect(inWorkers.stderr).toContain('scored 50,000 leads')
    expect(inWorkers).toMatchObject({ code: 0, stdout: expected.stdout })
    const built = await currentBuild(work.dir)
    expect((await readdir(join(cacheOf(work.dir), built))).sort()).toEqual(
      expect.arrayContaining(['main.mjs', 'score-block-worker.mjs']),
    )

    const again = await runCopy(work.dir, ['--help'])
    expect(again.code).toBe(0)
    expect(await currentBuild(work.dir)).toBe(built)
  })

  test('a changed source file is built again before the run', async () => {
    const first = await runCopy(work.dir, ['--help'])
    expect(first.stdout).toContain('check a model; print its findings')
    const built = await currentBuild(work.dir)

    const mainTs = join(work.dir, 'sync-server/cli/main.ts')
    const text = await readFile(mainTs, 'utf8')
    await writeFile(mainTs, text.replace('print its findings', 'list its findings'))
    const changed = await runCopy(work.dir, ['--help'])
    expect(changed.code).toBe(0)
    expect(changed.stdout).toContain('check a model; list its findings')
    expect(await currentBuild(work.dir)).not.toBe(built)
    // The build it replaced is kept for a while: a CLI started from it may still load from it.
    expect((await stat(join(cacheOf(work.dir), built))).isDirectory()).toBe(true)
  })

  test('CLIs started together with no bundle yet all run, and leave one current build', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => runCopy(work.dir, ['--help'])))
    for (const run of runs) {
      expect(run).toMatchObject({ code: 0, stderr: '' })
      expect(run.stdout).toContain('Usage: scoring <command>')
    }
    const built = await currentBuild(work.dir)
    expect(await readdir(join(cacheOf(work.dir), built))).toContain('main.mjs')
    expect(await readdir(cacheOf(work.dir))).not.toContainEqual(
      expect.stringMatching(/^current\.json\./),
    )
  })

  test('where no bundle can be written, the CLI runs from its sources', async () => {
    const fallback = join(work.dir, 'fallback')
    await mkdir(fallback)
    await copyRepo(fallback, { withTsx: true })
    // A file where the cache folder would be: the build cannot write there.
    await mkdir(join(fallback, 'node_modules/.cache'))
    await writeFile(cacheOf(fallback), '')
    const run = await runCopy(fallback, ['--help'])
    expect(run).toMatchObject({ code: 0, stderr: '' })
    expect(run.stdout).toContain('Usage: scoring <command>')
  })
})
