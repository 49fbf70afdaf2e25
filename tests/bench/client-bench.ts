/**
 * The client section: the gzip size of what the browser loads to start the app (goal ≤ 150 kB),
 * and the impact worker's re-score of 100k leads after a weight change (goal ≤ 5 ms), measured in
 * headless Chromium on the built app (dist/, rebuilt first when older than its sources).
 */
import { statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { APP_DIST_DIR } from '../../sync-server/app-dist-dir.ts'
import buildAppWhenStale from '../e2e/support/build-app.ts'
import { withWeightMoved } from './bench-model.ts'
import { row, withGoal, type BenchSection, type Timing } from './bench-timing.ts'
import { readClientBundle, type BuiltFile, type ClientBundle } from './client-bundle.ts'
import { measureWorkerInChromium } from './client-worker-timing.ts'

const LEADS = 100_000
const SEED = 20_250_602
const WARMUP = 10
const RUNS = 20
const BUNDLE_GOAL_KB = 150
const RESCORE_GOAL_MS = 5
/** kB as Vite prints them (1000 bytes), so the figures match the build's own output. */
const KB = 1000

export async function runBench(): Promise<BenchSection> {
  const builtBefore = modifiedAt(join(APP_DIST_DIR, 'index.html'))
  const buildStarted = performance.now()
  await buildAppWhenStale()
  const buildMs = performance.now() - buildStarted
  const rebuilt = modifiedAt(join(APP_DIST_DIR, 'index.html')) !== builtBefore
  console.log(
    rebuilt
      ? `\ndist/ was older than its sources: vite build took ${(buildMs / 1000).toFixed(1)} s`
      : '\ndist/ is newer than its sources: measuring that build',
  )

  const bundle = readClientBundle(APP_DIST_DIR)
  const bundlePass = bundle.startGzipBytes <= BUNDLE_GOAL_KB * KB
  console.log(describeBundle(bundle, bundlePass))

  // Each draft moves a little weight from the first factor to the second: a weight-only change,
  // and each differs from the one before, as when a slider is dragged.
  const drafts = Array.from({ length: 10 }, (_, k) =>
    withWeightMoved(DEMO_MODEL, 0, 1, 0.01 * (k + 1)),
  )
  const load = { before: loadavg()[0] ?? 0, after: 0 }
  const t = await measureWorkerInChromium({
    distDir: APP_DIST_DIR,
    workerUrl: `/${bundle.worker.file}`,
    leads: LEADS,
    seed: SEED,
    baseline: DEMO_MODEL,
    drafts,
    warmup: WARMUP,
    runs: RUNS,
  })
  load.after = loadavg()[0] ?? 0
  console.log(
    `worker measured in Chromium ${t.browserVersion}, cross-origin isolated: ${t.isolated}` +
      ` (performance.now() ${t.isolated ? 'at full' : 'at coarsened'} resolution)`,
  )
  if (t.leadsScored !== LEADS) throw new Error(`the worker scored ${t.leadsScored} leads`)
  if (t.recomputed !== 0) throw new Error(`weight-only updates recomputed ${t.recomputed} factors`)

  const rescore = row(
    'worker re-score after a weight change (worker clock)',
    timing(t.rescoreMs),
    LEADS,
  )
  const rows = [
    row('worker: generate 100k demo leads (load-demo → dataset)', once(t.loadMs), LEADS),
    row('worker: first report, both models from scratch', once(t.firstReportMs), LEADS),
    withGoal(rescore, `≤ ${RESCORE_GOAL_MS} ms`, rescore.medianMs <= RESCORE_GOAL_MS),
    row('  full impact report: re-score + analysis (worker clock)', timing(t.reportMs), LEADS),
    row('  round trip: set-model → report (page clock)', timing(t.roundTripMs), LEADS),
  ]
  return {
    rows,
    figures: {
      leads: LEADS,
      seed: SEED,
      timedUpdates: RUNS,
      warmupUpdates: WARMUP,
      browser: `Chromium ${t.browserVersion}`,
      crossOriginIsolated: t.isolated,
      build: { rebuilt, ms: buildMs },
      loadAverage: load,
      bundle: {
        gzip: 'node:zlib gzip, default level 6',
        start: bundle.start,
        startGzipBytes: bundle.startGzipBytes,
        goalKB: BUNDLE_GOAL_KB,
        pass: bundlePass,
        css: bundle.css,
        worker: bundle.worker,
      },
    },
  }
}

function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs
  } catch {
    // No build yet: the build step makes one.
    return null
  }
}

function once(ms: number): Timing {
  return { medianMs: ms, runsMs: [ms] }
}

function timing(runsMs: readonly number[]): Timing {
  const sorted = [...runsMs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const medianMs =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
  return { medianMs, runsMs }
}

/** The sizes as a small table of their own: kB are not milliseconds. */
function describeBundle(bundle: ClientBundle, pass: boolean): string {
  const kb = (bytes: number) => (bytes / KB).toFixed(1)
  const line = (cells: readonly string[]) =>
    [
      cells[0]?.padEnd(60),
      cells[1]?.padStart(7),
      cells[2]?.padStart(8),
      cells[3]?.padEnd(14),
      cells[4],
    ]
      .join('  ')
      .trimEnd()
  const sizes = (f: Pick<BuiltFile, 'bytes' | 'gzipBytes'>) => [kb(f.bytes), kb(f.gzipBytes)]
  const startBytes = bundle.start.reduce((sum, f) => sum + f.bytes, 0)
  return [
    'client bundle (kB = 1000 bytes; gzip = node:zlib, default level 6)',
    line(['file', 'kB', 'gzip kB', 'goal', 'result']),
    ...bundle.start.map((f, i) =>
      line([`  ${i === 0 ? 'entry' : 'static import'} ${f.file}`, ...sizes(f)]),
    ),
    line([
      `loaded at start: entry + ${bundle.start.length - 1} static import(s)`,
      ...sizes({ bytes: startBytes, gzipBytes: bundle.startGzipBytes }),
      `≤ ${BUNDLE_GOAL_KB} kB gzip`,
      pass ? 'PASS' : 'MISS',
    ]),
    ...bundle.css.map((f) => line([`stylesheet ${f.file} (information)`, ...sizes(f)])),
    line([`impact worker ${bundle.worker.file} (information)`, ...sizes(bundle.worker)]),
  ].join('\n')
}
