/**
 * Runs the benchmark sections, prints each one's table and writes every figure to
 * bench-results/bench.json, one key per section (other sections' figures in the file are kept).
 *
 *   npm run bench              every section
 *   npm run bench -- engine    only the named sections
 *
 * A section is a module whose `runBench()` returns a BenchSection; add one line to SECTIONS.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { formatTable, type BenchSection } from './bench-timing.ts'

const SECTIONS: Record<string, () => Promise<{ runBench(): Promise<BenchSection> }>> = {
  engine: () => import('./engine-bench.ts'),
  sync: () => import('./sync-bench.ts'),
  api: () => import('./api-bench.ts'),
  client: () => import('./client-bench.ts'),
  outcomes: () => import('./outcomes-bench.ts'),
  batch: () => import('./batch-bench.ts'),
  cluster: () => import('./cluster-bench.ts'),
  upload: () => import('./upload-bench.ts'),
}

const OUT_DIR = 'bench-results'
const OUT_FILE = `${OUT_DIR}/bench.json`

async function main(): Promise<void> {
  const asked = process.argv.slice(2)
  const unknown = asked.filter((name) => !Object.hasOwn(SECTIONS, name))
  if (unknown.length > 0) {
    console.error(
      `unknown section(s): ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`,
    )
    process.exitCode = 2
    return
  }
  if (!globalThis.gc)
    console.warn('warning: run with node --expose-gc (npm run bench does) for steadier figures')
  const names = asked.length > 0 ? asked : Object.keys(SECTIONS)
  const results: Record<string, unknown> = readPrevious()
  results.meta = {
    at: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
  }
  for (const name of names) {
    const started = performance.now()
    const section = await (
      await (SECTIONS[name] as () => Promise<{ runBench(): Promise<BenchSection> }>)()
    ).runBench()
    const seconds = (performance.now() - started) / 1000
    console.log(`\n${formatTable(`== ${name} (${seconds.toFixed(1)} s)`, section.rows)}\n`)
    results[name] = { seconds, rows: section.rows, ...section.figures }
    mkdirSync(OUT_DIR, { recursive: true })
    writeFileSync(OUT_FILE, `${JSON.stringify(results, null, 2)}\n`)
  }
  console.log(`figures written to ${OUT_FILE}`)
}

/** The figures of an earlier run, so running one section keeps the others'. */
function readPrevious(): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(OUT_FILE, 'utf8'))
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
  } catch {
    // No earlier run (or an unreadable file): start afresh.
    return {}
  }
}

await main()
