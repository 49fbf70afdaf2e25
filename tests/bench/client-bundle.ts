import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** One built file: its path under dist/, its size and its gzip size (zlib's default level 6). */
export interface BuiltFile {
  readonly file: string
  readonly bytes: number
  readonly gzipBytes: number
}

/** What the browser fetches to start the app, and the impact worker it starts afterwards. */
export interface ClientBundle {
  /** The entry module named by index.html, then every module it imports statically. */
  readonly start: readonly BuiltFile[]
  readonly startGzipBytes: number
  readonly css: readonly BuiltFile[]
  readonly worker: BuiltFile
}

const MODULE_SCRIPT = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g
const MODULE_PRELOAD = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g
const STYLESHEET = /<link\b[^>]*\brel=["']stylesheet["'][^>]*\bhref=["']([^"']+)["']/g
// A static import in bundled output: `import{a as b}from"./x.js"`, `import"./x.js"` (not `import(`).
const STATIC_IMPORT = /(?:^|[;}\n])\s*import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g
const WORKER_URL = /["'`](\/?assets\/impact-worker-[\w-]+\.js)["'`]/

/**
 * Reads a built app (dist/): the module scripts index.html starts, followed through their static
 * imports (which load at start as well), the stylesheets, and the impact worker chunk the entry
 * starts with `new Worker(new URL(…))`.
 */
export function readClientBundle(distDir: string): ClientBundle {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8')
  const entries = [...matchAll(html, MODULE_SCRIPT), ...matchAll(html, MODULE_PRELOAD)]
  if (entries.length === 0) throw new Error(`${distDir}/index.html names no module script`)
  const start = new Map<string, BuiltFile>()
  const visit = (file: string): void => {
    if (start.has(file)) return
    const built = sizeOf(distDir, file)
    start.set(file, built)
    const code = readFileSync(join(distDir, file), 'utf8')
    for (const specifier of matchAll(code, STATIC_IMPORT)) {
      // Only the app's own chunks; a bare or absolute-URL import would not be in dist/.
      if (specifier.startsWith('.') || specifier.startsWith('/')) visit(resolveIn(file, specifier))
    }
  }
  for (const src of entries) visit(resolveIn('index.html', src))
  const files = [...start.values()]
  const workerFile = files
    .map((f) => WORKER_URL.exec(readFileSync(join(distDir, f.file), 'utf8'))?.[1])
    .find((url) => url !== undefined)
  if (workerFile === undefined) throw new Error('no impact worker chunk is started by the entry')
  return {
    start: files,
    startGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    css: matchAll(html, STYLESHEET).map((href) => sizeOf(distDir, resolveIn('index.html', href))),
    worker: sizeOf(distDir, resolveIn('index.html', workerFile)),
  }
}

function matchAll(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1] as string)
}

/** A URL from `from` (a path under dist/) resolved to another path under dist/. */
function resolveIn(from: string, url: string): string {
  return new URL(url, `http://dist/${from}`).pathname.slice(1)
}

function sizeOf(distDir: string, file: string): BuiltFile {
  const bytes = readFileSync(join(distDir, file))
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length }
}
