/**
 * The batch section: `scoring score --format csv` on a generated 1M-lead CSV, end to end as a user
 * runs it (a child process, wall time), against DuckDB running the same model as SQL (generated from
 * the model JSON, every transform kind) on the same file in its own process; every total of the two
 * outputs is compared. The same leads as JSON lines, scored to the same CSV, against the CSV run.
 * Then peak memory on 10M leads, and the engine's ratios to its floors.
 */
import { DuckDBInstance } from '@duckdb/node-api'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_AS_OF, generateDemoColumns } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { buildBenchModel } from './bench-model.ts'
import { against, median, row, withGoal, type BenchRow, type BenchSection } from './bench-timing.ts'
import { fullScoreRows, incrementalRows } from './engine-bench.ts'
import { modelToSql } from './model-to-sql.ts'
import { numberTextRows } from './number-text-rows.ts'
import { writeBatchLeads } from './write-batch-leads.ts'

const LEADS = 1_000_000
const BIG_LEADS = 10_000_000
const SEED = 20_250_602
const RUNS = 3
const RSS_GOAL_KB = 200 * 1024
const TOLERANCE = 1e-9

const SCORING_BIN = fileURLToPath(new URL('../../sync-server/cli/scoring.mjs', import.meta.url))
const PEAK_RSS = fileURLToPath(new URL('./report-peak-rss.mjs', import.meta.url))
const DUCKDB_QUERY = fileURLToPath(new URL('./run-duckdb-query.mjs', import.meta.url))

interface ChildRun {
  readonly ms: number
  readonly peakRssKb: number
}

export async function runBench(): Promise<BenchSection> {
  const dir = await mkdtemp(join(tmpdir(), 'scoring-batch-bench-'))
  try {
    return await benchIn(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function benchIn(dir: string): Promise<BenchSection> {
  const file = (name: string): string => join(dir, name)
  await writeBatchLeads(file('leads.csv'), LEADS, SEED)
  await writeBatchLeads(file('leads.jsonl'), LEADS, SEED, 'jsonl')
  await writeFile(file('model.json'), JSON.stringify(DEMO_MODEL))
  const sql = modelToSql(DEMO_MODEL, {
    inputPath: file('leads.csv'),
    outputPath: file('duckdb.csv'),
    asOf: DEMO_AS_OF,
  })
  await writeFile(file('query.sql'), sql)
  const asOf = new Date(DEMO_AS_OF).toISOString()
  const score = (extra: string[], input: string, output: string): Promise<ChildRun> =>
    runChild([
      '--import',
      PEAK_RSS,
      SCORING_BIN,
      'score',
      '--model',
      file('model.json'),
      '--as-of',
      asOf,
      '--format',
      'csv',
      ...extra,
      '--output',
      output,
      input,
    ])

  // In turns, so a change in the machine's load falls on all alike.
  const runs = {
    ours: [] as ChildRun[],
    oneThread: [] as ChildRun[],
    duckdb: [] as ChildRun[],
    jsonl: [] as ChildRun[],
    jsonlOneThread: [] as ChildRun[],
  }
  for (let i = 0; i < RUNS; i++) {
    runs.ours.push(await score([], file('leads.csv'), file('ours.csv')))
    runs.oneThread.push(await score(['--threads', '0'], file('leads.csv'), file('ours-0.csv')))
    runs.duckdb.push(await runChild(['--import', PEAK_RSS, DUCKDB_QUERY, file('query.sql')]))
    runs.jsonl.push(await score([], file('leads.jsonl'), file('jsonl.csv')))
    runs.jsonlOneThread.push(
      await score(['--threads', '0'], file('leads.jsonl'), file('jsonl-0.csv')),
    )
  }
  const agreement = await compareTotals(file('ours.csv'), file('duckdb.csv'))
  const agreementOneThread = await compareTotals(file('ours-0.csv'), file('duckdb.csv'))
  const agreementJsonl = await compareTotals(file('jsonl.csv'), file('duckdb.csv'))
  const agreementJsonlOneThread = await compareTotals(file('jsonl-0.csv'), file('duckdb.csv'))

  await writeRepeated(file('leads.csv'), file('leads-10m.csv'), BIG_LEADS / LEADS)
  const big = await score([], file('leads-10m.csv'), file('ours-10m.csv'))
  await rm(file('leads-10m.csv'))
  await rm(file('ours-10m.csv'))

  const timing = (xs: readonly ChildRun[]): { medianMs: number; runsMs: number[] } => ({
    medianMs: median(xs.map((x) => x.ms)),
    runsMs: xs.map((x) => x.ms),
  })
  const duckdb = row('DuckDB, same model as SQL (own process, wall)', timing(runs.duckdb), LEADS)
  const ours = row(
    `scoring score --format csv (child process, wall, ${availableParallelism()} cores)`,
    timing(runs.ours),
    LEADS,
  )
  const oneThread = row('scoring score --format csv --threads 0', timing(runs.oneThread), LEADS)
  const jsonl = row('the same leads as JSONL, --format csv (wall)', timing(runs.jsonl), LEADS)
  const jsonlOneThread = row(
    'the same leads as JSONL, --format csv --threads 0',
    timing(runs.jsonlOneThread),
    LEADS,
  )
  const bigRow = row(
    'scoring score --format csv, 10M leads',
    { medianMs: big.ms, runsMs: [big.ms] },
    BIG_LEADS,
  )
  const peak = {
    oursKb: Math.max(...runs.ours.map((r) => r.peakRssKb)),
    oneThreadKb: Math.max(...runs.oneThread.map((r) => r.peakRssKb)),
    duckdbKb: Math.max(...runs.duckdb.map((r) => r.peakRssKb)),
    jsonlKb: Math.max(...runs.jsonl.map((r) => r.peakRssKb)),
    jsonlOneThreadKb: Math.max(...runs.jsonlOneThread.map((r) => r.peakRssKb)),
    ours10mKb: big.peakRssKb,
  }
  const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`
  console.log(
    [
      `totals compared: ${agreement.count.toLocaleString('en-US')} leads, max |Δ| ${agreement.maxDifference} (threads 0: ${agreementOneThread.maxDifference}), tiers differing ${agreement.tierDifferences}`,
      `peak RSS, 1M: scoring ${mb(peak.oursKb)} (threads 0: ${mb(peak.oneThreadKb)}), DuckDB ${mb(peak.duckdbKb)}`,
      `JSONL input: ${(jsonl.medianMs / 1000).toFixed(2)} s, ${(jsonl.medianMs / ours.medianMs).toFixed(2)}× the CSV run; --threads 0 ${(jsonlOneThread.medianMs / 1000).toFixed(2)} s, ${(jsonlOneThread.medianMs / oneThread.medianMs).toFixed(2)}× CSV --threads 0; threads gain ${(jsonlOneThread.medianMs / jsonl.medianMs).toFixed(2)}×; max |Δ| vs DuckDB ${agreementJsonl.maxDifference} (threads 0: ${agreementJsonlOneThread.maxDifference}); peak RSS ${mb(peak.jsonlKb)} (threads 0: ${mb(peak.jsonlOneThreadKb)})`,
      `peak RSS, 10M: scoring ${mb(peak.ours10mKb)} — goal ≤ 200 MB: ${peak.ours10mKb <= RSS_GOAL_KB ? 'PASS' : 'MISS'}`,
    ].join('\n'),
  )
  for (const a of [agreement, agreementOneThread, agreementJsonl, agreementJsonlOneThread]) {
    if (a.count !== LEADS || !(a.maxDifference <= TOLERANCE)) {
      throw new Error(`scoring score and DuckDB disagree: ${JSON.stringify(a)}`)
    }
  }

  const data = generateDemoColumns(LEADS, SEED)
  const model = buildBenchModel(data)
  const engineRows: BenchRow[] = [
    ...fullScoreRows(data, model).rows,
    ...incrementalRows(data, model),
  ]
  return {
    rows: [
      duckdb,
      withGoal(against(ours, duckdb), '≤ 1.0× DuckDB', ours.medianMs <= duckdb.medianMs),
      against(oneThread, duckdb),
      against(jsonl, ours),
      against(jsonlOneThread, jsonl),
      against(bigRow, ours, true),
      ...numberTextRows(SEED),
      ...engineRows,
    ],
    figures: {
      leads: LEADS,
      seed: SEED,
      agreement,
      agreementOneThread,
      agreementJsonl,
      agreementJsonlOneThread,
      peakRssKb: peak,
    },
  }
}

/** Runs `node args…` to its end; its wall time and the peak RSS it reported. */
async function runChild(args: readonly string[]): Promise<ChildRun> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const [code] = (await once(child, 'close')) as [number | null]
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)
  const peak = /peak-rss-kb (\d+)/.exec(stderr)
  return { ms, peakRssKb: peak ? Number(peak[1]) : NaN }
}

/** The file's header, then its records `times` over: a larger file with the same leads. */
async function writeRepeated(from: string, to: string, times: number): Promise<void> {
  const bytes = await readFile(from)
  const body = bytes.subarray(bytes.indexOf(10) + 1)
  const out = createWriteStream(to)
  out.write(bytes.subarray(0, bytes.length - body.length))
  for (let i = 0; i < times; i++) if (!out.write(body)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
}

/** Both outputs row by row (DuckDB reads them): how many, the largest |Δ total|, tiers differing. */
async function compareTotals(
  ours: string,
  theirs: string,
): Promise<{ count: number; maxDifference: number; tierDifferences: number }> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const read = (path: string): string =>
      `read_csv('${path.replaceAll("'", "''")}', header = true, all_varchar = true)`
    const result = await connection.runAndReadAll(
      `SELECT count(*)::DOUBLE, max(abs(CAST(a.total AS DOUBLE) - CAST(b.total AS DOUBLE))),
        sum(CASE WHEN a.tier IS DISTINCT FROM b.tier THEN 1 ELSE 0 END)::DOUBLE
       FROM ${read(ours)} a POSITIONAL JOIN ${read(theirs)} b`,
    )
    const [count, maxDifference, tierDifferences] = result.getRows()[0] as [number, number, number]
    return { count, maxDifference, tierDifferences }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
