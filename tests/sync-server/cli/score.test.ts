import { parse as parseCsv } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { ScoreResultSchema, type ScoreResult } from '../../../shared/score-result-schema.ts'
import {
  asCsvRecord,
  fieldsOf,
  SEED,
  toCsv,
  toJsonl,
  withAwkwardNotes,
} from './support/lead-files.ts'
import { createWorkDir, runCliInProcess } from './support/run-cli.ts'

const AS_OF_ISO = new Date(DEMO_AS_OF).toISOString()
const COUNT = 400
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

let work: Awaited<ReturnType<typeof createWorkDir>>
let columns: string[]
let csvRecords: Record<string, string>[]
let jsonLeads: Lead[]

beforeAll(async () => {
  work = await createWorkDir()
  const leads = withAwkwardNotes(generateDemoLeads(COUNT, SEED), SEED)
  columns = fieldsOf(leads)
  csvRecords = leads.map((lead) => asCsvRecord(lead, columns))
  // What a JSONL reader gets back: undefined dropped, non-finite numbers as null.
  jsonLeads = JSON.parse(`[${leads.map((lead) => JSON.stringify(lead)).join(',')}]`)
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
  await work.write('leads.csv', toCsv(csvRecords, columns))
  await work.write('leads.jsonl', toJsonl(jsonLeads))
})
afterAll(() => work.remove())

function expectedScores(model: Model, leads: readonly Lead[], asOf = DEMO_AS_OF): ScoreResult[] {
  const compiled = compileModel(model)
  return leads.map((lead) => scoreLead(compiled, lead, { asOf }))
}

/** Every stdout line must be a result: nothing else may be mixed into it. */
function resultLines(stdout: string): ScoreResult[] {
  expect(stdout.endsWith('\n') || stdout === '').toBe(true)
  return stdout
    .split('\n')
    .slice(0, -1)
    .map((line) => ScoreResultSchema.parse(JSON.parse(line)))
}

/** Runs the CLI in-process (as main-in-process does), the work folder's file names made absolute. */
function runInWork(args: string[], stdin = '') {
  return runCliInProcess(
    args.map((arg) => (/\.(json|jsonl|csv)$/.test(arg) ? work.path(arg) : arg)),
    stdin,
  )
}

describe.concurrent('scoring score', () => {
  test('CSV: one result per lead, in input order, equal to scoreLead on the CSV strings', async () => {
    const run = await runInWork([
      'score',
      '--model',
      'model.json',
      '--as-of',
      AS_OF_ISO,
      'leads.csv',
    ])
    expect(run.code, run.stderr).toBe(0)
    expect(resultLines(run.stdout), replay).toEqual(expectedScores(DEMO_MODEL, csvRecords))
    expect(run.stderr).toMatch(new RegExp(`scored ${COUNT} leads in [0-9.]+ s`))
    // stderr is a pipe here and --progress was not given: the summary only, no live progress.
    expect(run.stderr).not.toContain('/s')
  })

  test('JSONL (epoch-ms --as-of): equal to scoreLead on the parsed objects', async () => {
    const args = ['score', '--model', 'model.json', '--as-of', String(DEMO_AS_OF), 'leads.jsonl']
    const run = await runInWork(args)
    expect(run.code, run.stderr).toBe(0)
    expect(resultLines(run.stdout), replay).toEqual(expectedScores(DEMO_MODEL, jsonLeads))
  })

  test('--format csv keeps every input column and value (quotes, commas, line breaks) and adds total, tier', async () => {
    const args = [
      'score',
      '--model',
      'model.json',
      '--as-of',
      AS_OF_ISO,
      '--format',
      'csv',
      'leads.csv',
    ]
    const run = await runInWork(args)
    expect(run.code, run.stderr).toBe(0)
    const [header, ...rows] = parseCsv(run.stdout, { columns: false, bom: true }) as string[][]
    expect(header).toEqual([...columns, 'total', 'tier'])
    const expected = expectedScores(DEMO_MODEL, csvRecords)
    expect(rows).toHaveLength(COUNT)
    rows.forEach((row, i) => {
      expect(Object.fromEntries(columns.map((c, k) => [c, row[k]])), `${replay}, row ${i}`).toEqual(
        csvRecords[i],
      )
      expect(Number(row[columns.length]), `${replay}, row ${i}`).toBe(expected[i]!.total)
      expect(row[columns.length + 1], `${replay}, row ${i}`).toBe(expected[i]!.tier ?? '')
    })
  })

  test("JSONL from stdin with --format csv: columns are the first lead's keys", async () => {
    const leads = [
      { employees: 250, industry: 'software', note: 'say "hi", then\nleave' },
      { employees: '12', industry: null, note: 'ok' },
    ]
    const args = [
      'score',
      '--model',
      'model.json',
      '--as-of',
      AS_OF_ISO,
      '--format',
      'csv',
      '--input-format',
      'jsonl',
      '-',
    ]
    const run = await runInWork(args, toJsonl(leads))
    expect(run.code, run.stderr).toBe(0)
    const expected = expectedScores(DEMO_MODEL, leads)
    expect(parseCsv(run.stdout, { columns: false })).toEqual([
      ['employees', 'industry', 'note', 'total', 'tier'],
      ['250', 'software', 'say "hi", then\nleave', String(expected[0]!.total), expected[0]!.tier],
      ['12', '', 'ok', String(expected[1]!.total), expected[1]!.tier],
    ])
  })

  test('a bad JSONL line stops with exit 1 naming the line; the results before it stay', async () => {
    const good = jsonLeads.slice(0, 5)
    const text = `${toJsonl(good.slice(0, 3))}\n${toJsonl(good.slice(3))}{"employees": 12,\n${toJsonl(jsonLeads.slice(5, 8))}`
    await work.write('bad.jsonl', text)
    const run = await runInWork([
      'score',
      '--model',
      'model.json',
      '--as-of',
      AS_OF_ISO,
      'bad.jsonl',
    ])
    expect(run.code).toBe(1)
    // Three leads, a blank line, two leads, then the bad line: line 7.
    expect(run.stderr).toContain('bad.jsonl line 7')
    expect(run.stderr).toContain('the 5 leads before it were scored and written')
    expect(resultLines(run.stdout)).toEqual(expectedScores(DEMO_MODEL, good))
  })

  test('a JSONL line that is not an object is refused too', async () => {
    const run = await runInWork(
      ['score', '--model', 'model.json', '--input-format', 'jsonl', '-'],
      '{"employees": 5}\n[1, 2]\n',
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('stdin line 2: not a JSON object')
    expect(resultLines(run.stdout)).toHaveLength(1)
  })

  test('a ragged CSV row stops with exit 1 naming its line; the rows before it stay', async () => {
    const text = 'employees,industry\n100,software\n"2,000",retail\n300\n400,fintech\n'
    await work.write('ragged.csv', text)
    const run = await runInWork([
      'score',
      '--model',
      'model.json',
      '--as-of',
      AS_OF_ISO,
      'ragged.csv',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('ragged.csv line 4')
    const before = [
      { employees: '100', industry: 'software' },
      { employees: '2,000', industry: 'retail' },
    ]
    expect(resultLines(run.stdout)).toEqual(expectedScores(DEMO_MODEL, before))
  })

  test('without --as-of the current time is used, read once at the start', async () => {
    const recentOnly: Model = {
      id: 'recent',
      name: 'Recent',
      factors: [
        {
          id: 'recent',
          label: 'Recent',
          field: 'seen',
          weight: 1,
          missing: 0,
          transform: { kind: 'recency', halfLifeDays: 0.0001 },
        },
      ],
      tiers: [{ name: 'all', min: 0 }],
    }
    await work.write('recent.json', JSON.stringify(recentOnly))
    const seen = Date.now() - 5_000
    const before = Date.now()
    const run = await runInWork(
      ['score', '--model', 'recent.json', '--input-format', 'jsonl', '-'],
      toJsonl([{ seen }, { seen }]),
    )
    const after = Date.now()
    expect(run.code, run.stderr).toBe(0)
    const [first, second] = resultLines(run.stdout)
    const [latest] = expectedScores(recentOnly, [{ seen }], before)
    const [earliest] = expectedScores(recentOnly, [{ seen }], after)
    // Recency decays with asOf, so the CLI's asOf lies in [before, after] exactly when v does.
    expect(first!.total).toBeLessThanOrEqual(latest!.total)
    expect(first!.total).toBeGreaterThanOrEqual(earliest!.total)
    expect(second).toEqual(first)
  })

  test('a bad --as-of exits 2 with the reason', async () => {
    const run = await runInWork([
      'score',
      '--model',
      'model.json',
      '--as-of',
      'last week',
      'leads.csv',
    ])
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toContain("--as-of 'last week'")
    expect(run.stdout).toBe('')
  })

  test('a model breaking a rule is refused (exit 1) unless --allow-invalid, which scores it with a warning', async () => {
    const overweight = structuredClone(DEMO_MODEL)
    overweight.factors[0]!.weight = 0.5
    await work.write('overweight.json', JSON.stringify(overweight))
    const base = ['score', '--model', 'overweight.json', '--as-of', AS_OF_ISO, 'leads.jsonl']
    const refused = await runInWork(base)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    expect(refused.stderr).toContain('weight-sum')
    const allowed = await runInWork([...base, '--allow-invalid'])
    expect(allowed.code, allowed.stderr).toBe(0)
    expect(allowed.stderr).toContain('warning')
    expect(resultLines(allowed.stdout)).toEqual(expectedScores(overweight, jsonLeads))
  })

  test('a schema error is refused even with --allow-invalid', async () => {
    const model = JSON.parse(JSON.stringify(DEMO_MODEL))
    model.factors[1].weight = '0.15'
    await work.write('string-weight.json', JSON.stringify(model))
    const args = ['score', '--model', 'string-weight.json', '--allow-invalid', 'leads.jsonl']
    const run = await runInWork(args)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('factors[1].weight')
  })
})
