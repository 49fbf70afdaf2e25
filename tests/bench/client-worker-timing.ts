import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { launchBrowser } from '../e2e/support/browser.ts'

/** What to measure: the built worker at `workerUrl` over `leads` demo leads. */
export interface WorkerTimingPlan {
  readonly distDir: string
  /** The worker chunk's URL path under dist/ (`/assets/impact-worker-….js`). */
  readonly workerUrl: string
  readonly leads: number
  readonly seed: number
  /** The model both sides start from. */
  readonly baseline: unknown
  /** Drafts sent one after another; each differs from the one before in weights only. */
  readonly drafts: readonly unknown[]
  readonly warmup: number
  readonly runs: number
}

/** Per timed update, in ms; from the worker's own clock and from the page's. */
export interface WorkerTimings {
  /** load-demo posted → dataset received (the worker generates the leads). */
  readonly loadMs: number
  /** dataset received → first report (both models scored from scratch, then compared). */
  readonly firstReportMs: number
  /** The worker's `rescoreMillis` for each timed update. */
  readonly rescoreMs: readonly number[]
  /** The worker's `millis`: re-score plus the impact analysis. */
  readonly reportMs: readonly number[]
  /** set-model posted → report received, on the page's clock. */
  readonly roundTripMs: readonly number[]
  /** Factors recomputed over all timed updates (0 when every update re-scored incrementally). */
  readonly recomputed: number
  readonly leadsScored: number
  /** True when the page was cross-origin isolated, so performance.now() is not coarsened. */
  readonly isolated: boolean
  readonly browserVersion: string
}

/*
 * The driver runs in the page as plain JavaScript: functions passed to page.evaluate from a tsx
 * process carry the transpiler's name helpers, which do not exist in the page.
 */
const DRIVER = `async (plan) => {
  const log = []
  let wake = () => {}
  const worker = new Worker(plan.workerUrl, { type: 'module' })
  worker.onmessage = (event) => { log.push({ message: event.data, at: performance.now() }); wake() }
  worker.onerror = (event) => {
    log.push({ message: { type: 'error', message: event.message || 'the worker failed to load' }, at: performance.now() })
    wake()
  }
  const waitFor = async (type, from) => {
    for (;;) {
      const hit = log.slice(from).find((x) => x.message.type === type || x.message.type === 'error' || x.message.type === 'not-scorable')
      if (hit) {
        if (hit.message.type !== type) throw new Error(JSON.stringify(hit.message))
        return hit
      }
      await new Promise((resolve) => { wake = resolve })
    }
  }
  worker.postMessage({ type: 'set-model', role: 'baseline', model: plan.baseline })
  worker.postMessage({ type: 'set-model', role: 'draft', model: plan.baseline })
  const loadStarted = performance.now()
  worker.postMessage({ type: 'load-demo', count: plan.leads, seed: plan.seed })
  const dataset = await waitFor('dataset', 0)
  const first = await waitFor('report', 0)
  const rescoreMs = [], reportMs = [], roundTripMs = []
  let recomputed = 0
  for (let i = 0; i < plan.warmup + plan.runs; i++) {
    const from = log.length
    const started = performance.now()
    worker.postMessage({ type: 'set-model', role: 'draft', model: plan.drafts[i % plan.drafts.length] })
    const hit = await waitFor('report', from)
    if (i < plan.warmup) continue
    roundTripMs.push(hit.at - started)
    rescoreMs.push(hit.message.rescoreMillis)
    reportMs.push(hit.message.millis)
    recomputed += hit.message.recomputed.length
  }
  worker.terminate()
  return {
    loadMs: dataset.at - loadStarted,
    firstReportMs: first.at - dataset.at,
    rescoreMs, reportMs, roundTripMs, recomputed,
    leadsScored: dataset.message.dataset.leads,
    isolated: globalThis.crossOriginIsolated === true,
  }
}`

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
}

/**
 * Serves dist/ from loopback, cross-origin isolated (COOP + COEP) so that performance.now() in the
 * page and in the worker keeps its fine resolution; `/bench.html` is an empty page to start from.
 */
function serveDist(distDir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname)
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    }
    if (path === '/bench.html') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] })
      res.end('<!doctype html><title>impact worker bench</title>')
      return
    }
    readFile(join(distDir, path)).then(
      (body) => {
        const type = TYPES[extname(path)] ?? 'application/octet-stream'
        res.writeHead(200, { ...headers, 'content-type': type })
        res.end(body)
      },
      () => {
        res.writeHead(404, headers)
        res.end()
      },
    )
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** Drives the built impact worker in headless Chromium and returns its timings. */
export async function measureWorkerInChromium(plan: WorkerTimingPlan): Promise<WorkerTimings> {
  const server = await serveDist(plan.distDir)
  const browser = await launchBrowser()
  try {
    const page = await browser.newPage()
    const { port } = server.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${port}/bench.html`)
    const { distDir: _distDir, ...pagePlan } = plan
    const timings = (await page.evaluate(`(${DRIVER})(${JSON.stringify(pagePlan)})`)) as Omit<
      WorkerTimings,
      'browserVersion'
    >
    return { ...timings, browserVersion: browser.version() }
  } finally {
    await browser.close()
    await new Promise((resolve) => server.close(resolve))
  }
}
