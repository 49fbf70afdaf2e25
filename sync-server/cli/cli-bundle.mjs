// The CLI as one bundle of plain JavaScript, built from its TypeScript sources on first run and
// kept in node_modules/.cache/scoring-cli/ while every file it was built from is unchanged. A
// process (or worker thread) started from the bundle skips compiling TypeScript on load: the
// CLI starts faster and holds less memory than when tsx compiles each file as it is imported.
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL, URL } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI_DIR = fileURLToPath(new URL('.', import.meta.url))
const CACHE = join(ROOT, 'node_modules', '.cache', 'scoring-cli')
/** Names the build in use and the files (path, size, mtime) it was built from. */
const CURRENT = join(CACHE, 'current.json')
/** Files that shape the bundle without being in it: these build settings and the TypeScript ones. */
const SETTINGS = [fileURLToPath(import.meta.url), join(ROOT, 'tsconfig.json')]
/**
 * A replaced build is removed only once this old: a process started from it may still load a
 * command's code from it (each command is its own file, loaded when run).
 */
const KEEP_REPLACED_MS = 60 * 60 * 1000

/** The URL of the bundled main module (exports `main`), built first when missing or out of date. */
export async function cliBundleMain() {
  const dir = currentBuild() ?? (await buildBundle())
  return pathToFileURL(join(dir, 'main.mjs')).href
}

/** The folder of the current build, when every file it was built from is as it was. */
function currentBuild() {
  let current
  try {
    current = JSON.parse(readFileSync(CURRENT, 'utf8'))
  } catch {
    // No build yet (or an unreadable record of it): build one.
    return null
  }
  const unchanged = current.files.every(([path, size, mtimeMs]) => {
    const now = statSync(join(ROOT, path), { throwIfNoEntry: false })
    return now !== undefined && now.size === size && now.mtimeMs === mtimeMs
  })
  return unchanged ? join(CACHE, current.dir) : null
}

/**
 * Builds into a folder of its own, then names it current by renaming a file over current.json:
 * CLIs started together each build whole and switch atomically, and none reads a half-written build.
 */
async function buildBundle() {
  const started = Date.now()
  await mkdir(CACHE, { recursive: true })
  const dir = await mkdtemp(join(CACHE, 'build-'))
  // Loaded only to build: a run from an up-to-date bundle doesn't pay for it.
  const { build } = await import('esbuild')
  const { metafile } = await build({
    entryPoints: [join(CLI_DIR, 'main.ts'), ...workerEntries()],
    absWorkingDir: ROOT,
    outdir: dir,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [packagesOutside],
    metafile: true,
    logLevel: 'silent',
  })
  const files = await Promise.all(
    [...Object.keys(metafile.inputs).map((path) => join(ROOT, path)), ...SETTINGS].map(
      async (path) => {
        const { size, mtimeMs } = await stat(path)
        return [relative(ROOT, path), size, mtimeMs]
      },
    ),
  )
  // A file saved while the build ran may or may not be in it: use the build, but don't keep it.
  if (files.every(([, , mtimeMs]) => mtimeMs < started)) {
    const next = `${CURRENT}.${randomUUID()}`
    await writeFile(next, JSON.stringify({ dir: relative(CACHE, dir), files }))
    await rename(next, CURRENT)
    await removeReplacedBuilds(dir)
  }
  return dir
}

/**
 * Packages the bundle bundled (zod: the schemas of the model and the rest), loaded once as part of
 * it instead of module by module from node_modules (zod alone is hundreds of modules, 40 ms).
 */
const BUNDLED_PACKAGES = new Set(['zod'])

/** Every other package stays an import, resolved from node_modules when the bundle runs. */
const packagesOutside = {
  name: 'packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      const name = path.split('/', path.startsWith('@') ? 2 : 1).join('/')
      return BUNDLED_PACKAGES.has(name) ? undefined : { external: true }
    })
  },
}

/** Each worker thread's module (`*-worker.ts` under the CLI's folder) is an entry of its own. */
function workerEntries() {
  return readdirSync(CLI_DIR, { recursive: true })
    .filter((path) => path.endsWith('-worker.ts'))
    .map((path) => join(CLI_DIR, path))
}

async function removeReplacedBuilds(kept) {
  const old = Date.now() - KEEP_REPLACED_MS
  for (const name of await readdir(CACHE)) {
    const path = join(CACHE, name)
    if (path === kept) continue
    const info = await stat(path).catch(() => null)
    // Another CLI may have removed it or be writing it (a fresh build or record is never old).
    if (info !== null && info.mtimeMs < old) await rm(path, { recursive: true, force: true })
  }
}
