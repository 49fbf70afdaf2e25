import { parse as parseCsv } from 'csv-parse/sync'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { seededRandom } from '../../../engine/seeded-random.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { ScoreResult } from '../../../shared/score-result-schema.ts'
import { referenceScore } from '../../engine/support/reference-score.ts'
import { asCsvRecord, fieldsOf, SEED, toCsv, withAwkwardNotes } from './support/lead-files.ts'
import { createWorkDir, runCli } from './support/run-cli.ts'

const AS_OF = String(DEMO_AS_OF)
/** Enough leads that stdin arrives in many chunks, so several blocks go to several workers. */
const COUNT = 6_000
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

/** Texts on the edges of the contract's readers, put into the model's fields now and then. */
const EDGE_TEXTS = [
  ' 42 ',
  '1e3',
  '0x10',
  '-0',
  '.5',
  '5.',
  '1,200',
  'n/a',
  '\u00a012',
  '12345678901234567',
  '2024-05-01',
  '2024-05-01T10:00',
  '2024-05-01 10:00:00',
  '2024-05-01T10:00:00.5+02:00',
  '2024-02-30',
  '1700000000000',
  '+1700000000000.25',
  'yes',
  'Yes',
  ' yes',
  '1',
  'true ',
  'software',
  ' software',
  'Software',
  '__proto__',
  'say "hi"',
  'a,b',
  'line\nbreak',
  '',
]

let work: Awaited<ReturnType<typeof createWorkDir>>
let columns: string[]
let records: Record<string, string>[]
let csv: string

beforeAll(async () => {
  work = await createWorkDir()
  const random = seededRandom(SEED)
  const leads = withAwkwardNotes(generateDemoLeads(COUNT, SEED), SEED).map((lead) => {
    const out: Lead = { ...lead }
    for (const f of DEMO_MODEL.factors) {
      if (random() < 0.08) out[f.field] = EDGE_TEXTS[Math.floor(random() * EDGE_TEXTS.length)]
    }
    return out
  })
  columns = fieldsOf(leads)
  records = leads.map((lead) => asCsvRecord(lead, columns))
  // A byte order mark, CRLF line ends and quoted fields, as spreadsheet exports write them.
  csv = `\ufeff${toCsv(records, columns)}`
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
  await work.write('leads.csv', csv)
})
afterAll(() => work.remove())

const scoreArgs = (...extra: string[]): string[] => [
  'score',
  '--model',
  'model.json',
  '--as-of',
  AS_OF,
  ...extra,
]

function resultLines(stdout: string): ScoreResult[] {
  return stdout
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as ScoreResult)
}

describe.concurrent('scoring score, block by block', () => {
  test('in worker threads or not, results are scoreLead exactly, in order, and the reference to 1e-12', async () => {
    const inThread = await runCli(scoreArgs('--threads', '0', 'leads.csv'), work.dir)
    const threaded = await runCli(
      scoreArgs('--threads', '2', '--input-format', 'csv', '-'),
      work.dir,
      csv,
    )
    expect(inThread.code, inThread.stderr).toBe(0)
    expect(threaded.code, threaded.stderr).toBe(0)
    expect(threaded.stdout).toBe(inThread.stdout)
    const results = resultLines(threaded.stdout)
    expect(results).toHaveLength(COUNT)
    const compiled = compileModel(DEMO_MODEL)
    records.forEach((record, i) => {
      const result = results[i] as ScoreResult
      expect(result, `${replay}, lead ${i}`).toEqual(
        scoreLead(compiled, record, { asOf: DEMO_AS_OF }),
      )
      const reference = referenceScore(DEMO_MODEL, record, DEMO_AS_OF)
      expect(Math.abs(result.total - reference.total), `${replay}, lead ${i}`).toBeLessThanOrEqual(
        1e-12,
      )
      expect(result.tier, `${replay}, lead ${i}`).toBe(reference.tier)
    })
  })

  test('--format csv --contributions --output: input columns, total, tier, one column per factor', async () => {
    const run = await runCli(
      scoreArgs('--format', 'csv', '--contributions', '--output', 'scored.csv', 'leads.csv'),
      work.dir,
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('')
    const [header, ...rows] = parseCsv(await readFile(join(work.dir, 'scored.csv')), {
      bom: true,
    }) as string[][]
    const ids = DEMO_MODEL.factors.map((f) => `contribution:${f.id}`)
    expect(header).toEqual([...columns, 'total', 'tier', ...ids])
    const compiled = compileModel(DEMO_MODEL)
    rows.forEach((row, i) => {
      const expected = scoreLead(compiled, records[i] as Lead, { asOf: DEMO_AS_OF })
      // Notes starting with = + - @ are neutralised; the lead fields here never are.
      const input = row.slice(0, columns.length).map((cell) => cell.replace(/^'(?=[=+\-@])/, ''))
      expect(input, `${replay}, row ${i}`).toEqual(columns.map((c) => records[i]![c]))
      expect(Number(row[columns.length]), `${replay}, row ${i}`).toBe(expected.total)
      expect(row[columns.length + 1]).toBe(expected.tier)
      const contributions = row.slice(columns.length + 2).map(Number)
      expect(contributions).toEqual(DEMO_MODEL.factors.map((f) => expected.contributions[f.id]))
    })
    expect(rows).toHaveLength(COUNT)
  })

  test('CSV output neutralises cells that would start a formula, unless --raw', async () => {
    const text = [
      'employees,note,code',
      `250,=cmd|' /C calc'!A0,@SUM(A1)`,
      `-12.5,+1+1,-2+3`,
      `"=1+2",plain,"@x, y"`,
      '',
    ].join('\r\n')
    await work.write('formulas.csv', text)
    const safe = await runCli(scoreArgs('--format', 'csv', 'formulas.csv'), work.dir)
    expect(safe.code, safe.stderr).toBe(0)
    const rows = (parseCsv(safe.stdout) as string[][]).map((row) => row.slice(0, 3))
    expect(rows).toEqual([
      ['employees', 'note', 'code'],
      ['250', `'=cmd|' /C calc'!A0`, `'@SUM(A1)`],
      ['-12.5', `'+1+1`, `'-2+3`],
      [`'=1+2`, 'plain', `'@x, y`],
    ])
    const raw = await runCli(scoreArgs('--format', 'csv', '--raw', 'formulas.csv'), work.dir)
    expect((parseCsv(raw.stdout) as string[][]).map((row) => row.slice(0, 3))).toEqual([
      ['employees', 'note', 'code'],
      ['250', `=cmd|' /C calc'!A0`, '@SUM(A1)'],
      ['-12.5', '+1+1', '-2+3'],
      ['=1+2', 'plain', '@x, y'],
    ])
  })

  test('a ragged row in a later block, scored in workers, names its line; the leads before it stay', async () => {
    const lines = csv.split('\r\n')
    // A two-field record after the first 4,000 lines; notes with line breaks shift its line number.
    const bad = `${lines.slice(0, 4_000).join('\r\n')}\r\n1,2\r\n${lines.slice(4_000).join('\r\n')}`
    const before = parseCsv(`${lines.slice(0, 4_000).join('\r\n')}\r\n`, { bom: true }).length - 1
    const badLine =
      lines
        .slice(0, 4_000)
        .join('\r\n')
        .split(/\r\n|\n/).length + 1
    const run = await runCli(
      scoreArgs('--threads', '2', '--input-format', 'csv', '-'),
      work.dir,
      bad,
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `stdin line ${badLine}: expected ${columns.length} fields as in the header, found 2`,
    )
    expect(run.stderr).toContain(`the ${before} leads before it were scored and written`)
    expect(resultLines(run.stdout)).toHaveLength(before)
  })

  test('a quote left open or a stray quote is refused with its line', async () => {
    await work.write('open.csv', 'employees,industry\n1,software\n2,"retail\n3,fintech\n')
    const open = await runCli(scoreArgs('open.csv'), work.dir)
    expect(open.code).toBe(1)
    expect(open.stderr).toContain('open.csv line 3: a quoted field is never closed')
    expect(resultLines(open.stdout)).toHaveLength(1)
    await work.write('stray.csv', 'employees,industry\n1,soft"ware\n')
    const stray = await runCli(scoreArgs('stray.csv'), work.dir)
    expect(stray.code).toBe(1)
    expect(stray.stderr).toContain('stray.csv line 2: field 2 has a quote inside')
  })

  test('empty lines before the header are skipped; bare CR line ends are refused with the reason', async () => {
    await work.write('blank-start.csv', '\r\n\nemployees,industry\r\n250,software\r\n\r\n3\r\n')
    const blank = await runCli(scoreArgs('blank-start.csv'), work.dir)
    expect(blank.code).toBe(1)
    expect(resultLines(blank.stdout)).toEqual([
      scoreLead(
        compileModel(DEMO_MODEL),
        { employees: '250', industry: 'software' },
        {
          asOf: DEMO_AS_OF,
        },
      ),
    ])
    // Lines 1-2 empty, header on 3, a lead on 4, an empty line 5, the ragged record on 6.
    expect(blank.stderr).toContain('blank-start.csv line 6: expected 2 fields')
    await work.write('mac.csv', 'employees,industry\r250,software\r')
    const mac = await runCli(scoreArgs('mac.csv'), work.dir)
    expect(mac.code).toBe(1)
    expect(mac.stderr).toContain('mac.csv line 1: lines end with a bare CR')
  })

  test('--output naming the leads file is refused before anything is written', async () => {
    await work.write('keep.csv', 'employees\n5\n')
    const run = await runCli(scoreArgs('--output', 'keep.csv', 'keep.csv'), work.dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--output must not be the leads file')
    expect(await readFile(join(work.dir, 'keep.csv'), 'utf8')).toBe('employees\n5\n')
  })
})
