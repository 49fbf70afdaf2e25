import { parse as parseCsv } from 'csv-parse/sync'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { main } from '../../../sync-server/cli/main.ts'
import { seededRandom } from '../../../engine/seeded-random.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import { SEED, withAwkwardNotes } from './support/lead-files.ts'
import { createWorkDir, runCli, runCliInProcess } from './support/run-cli.ts'

const AS_OF = String(DEMO_AS_OF)
/** Enough leads that a file is read in many blocks and stdin arrives in many more. */
const COUNT = 6_000
/** Where a later block is: the bad line and the lead with other keys go there. */
const LATER = 4_000
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

/** Values of every JSON type, on the edges of the contract's readers, put into the model's fields. */
const EDGE_VALUES: unknown[] = [
  ' 42 ',
  '1e3',
  42,
  -0,
  1.5e300,
  true,
  false,
  null,
  'yes',
  ' Yes',
  '1,200',
  { nested: 1 },
  [1, 2],
  '2024-05-01',
  '2024-05-01T10:00:00.5+02:00',
  1_700_000_000_000,
  '',
  'software',
  '__proto__',
  'line\nbreak',
]

let work: Awaited<ReturnType<typeof createWorkDir>>
let leads: Lead[]
/** The leads as JSON lines: a byte order mark, CRLF line ends, and blank lines now and then. */
let text: string
/** The line each lead is on. */
let lineOf: number[]

beforeAll(async () => {
  work = await createWorkDir()
  const random = seededRandom(SEED)
  leads = withAwkwardNotes(generateDemoLeads(COUNT, SEED), SEED).map((lead) => {
    const out: Lead = { ...lead }
    for (const f of DEMO_MODEL.factors) {
      if (random() < 0.08) out[f.field] = EDGE_VALUES[Math.floor(random() * EDGE_VALUES.length)]
    }
    return out
  })
  const lines: string[] = []
  lineOf = leads.map((lead, i) => {
    if (i % 700 === 3) lines.push(i % 1400 === 3 ? '' : ' \t ')
    lines.push(JSON.stringify(lead))
    return lines.length
  })
  text = `\ufeff${lines.join('\r\n')}\r\n`
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
  await work.write('leads.jsonl', text)
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

/** What scoring each lead as JSON gives, one line each. */
function expectedLines(from: readonly Lead[]): string[] {
  const compiled = compileModel(DEMO_MODEL)
  // A lead as the reader gets it back from its JSON line.
  return from.map(
    (lead) =>
      `${JSON.stringify(scoreLead(compiled, JSON.parse(JSON.stringify(lead)), { asOf: DEMO_AS_OF }))}`,
  )
}

function outputLines(stdout: string): string[] {
  expect(stdout.endsWith('\n') || stdout === '').toBe(true)
  return stdout.split('\n').slice(0, -1)
}

/** A lead value as a CSV cell before quoting: text as it is, missing as empty, nested as JSON. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

describe.concurrent('scoring score on JSON lines, block by block', () => {
  test('in worker threads or not, one result per lead in input order, scoreLead exactly', async () => {
    const threaded = await runCli(
      scoreArgs('--threads', '2', '--input-format', 'jsonl', '-'),
      work.dir,
      text,
    )
    const inThread = await runCli(scoreArgs('--threads', '0', 'leads.jsonl'), work.dir)
    expect(threaded.code, threaded.stderr).toBe(0)
    expect(inThread.code, inThread.stderr).toBe(0)
    expect(threaded.stdout).toBe(inThread.stdout)
    const expected = expectedLines(leads)
    const got = outputLines(threaded.stdout)
    expect(got).toHaveLength(COUNT)
    got.forEach((line, i) => expect(line, `${replay}, lead ${i}`).toBe(expected[i]))
    expect(threaded.stderr).toContain(`scored ${COUNT.toLocaleString('en-US')} leads`)
  })

  test('a bad line in a later block stops the run naming its line; the leads before it stay', async () => {
    const lines = text.split('\r\n')
    const at = lineOf[LATER - 1] as number
    const bad = [...lines.slice(0, at), '{"employees": 12,', ...lines.slice(at)].join('\r\n')
    await work.write('bad.jsonl', bad)
    const expected = expectedLines(leads.slice(0, LATER))
    const runs = [
      [
        'stdin',
        await runCli(scoreArgs('--threads', '2', '--input-format', 'jsonl', '-'), work.dir, bad),
      ],
      ['bad.jsonl', await runCli(scoreArgs('--threads', '0', 'bad.jsonl'), work.dir)],
    ] as const
    for (const [source, run] of runs) {
      expect(run.code, run.stderr).toBe(1)
      expect(run.stderr).toContain(`stopped at ${source} line ${at + 1}: not JSON:`)
      expect(run.stderr).toContain(`the ${LATER} leads before it were scored and written`)
      expect(outputLines(run.stdout), `${replay}, ${source}`).toEqual(expected)
    }
  })

  test("--format csv across blocks: the first lead's keys as columns, one warning for other keys", async () => {
    const columns = Object.keys(leads[0] as Lead)
    // Every lead keeps only the first lead's keys, but one in a later block has one more.
    const projected = leads.map((lead, i) => {
      const out: Lead = {}
      for (const key of columns) if (Object.hasOwn(lead, key)) out[key] = lead[key]
      if (i === LATER + 500) out.extra = 'not a column'
      return out
    })
    const run = await runCli(
      scoreArgs(
        '--format',
        'csv',
        '--contributions',
        '--raw',
        '--threads',
        '2',
        '--input-format',
        'jsonl',
        '-',
      ),
      work.dir,
      projected.map((lead) => `${JSON.stringify(lead)}\n`).join(''),
    )
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr.match(/warning/g)).toHaveLength(1)
    expect(run.stderr).toContain(`warning: lead ${LATER + 501} has fields the first lead lacks`)
    const [header, ...rows] = parseCsv(run.stdout) as string[][]
    const ids = DEMO_MODEL.factors.map((f) => `contribution:${f.id}`)
    expect(header).toEqual([...columns, 'total', 'tier', ...ids])
    expect(rows).toHaveLength(COUNT)
    const compiled = compileModel(DEMO_MODEL)
    rows.forEach((row, i) => {
      const lead = JSON.parse(JSON.stringify(projected[i])) as Lead
      const result = scoreLead(compiled, lead, { asOf: DEMO_AS_OF })
      expect(row, `${replay}, row ${i}`).toEqual([
        ...columns.map((c) => cellText(lead[c])),
        String(result.total),
        result.tier ?? '',
        ...DEMO_MODEL.factors.map((f) => String(result.contributions[f.id])),
      ])
    })
  })

  test('a lone CR ends a line, blank lines count, and the end needs no line break', async () => {
    const stdin = '\ufeff{"employees": 5}\r{"employees": 6}\r\n \t\r\n\n{"employees": 7}'
    const ok = await runCliInProcess(
      scoreArgs('--input-format', 'jsonl', '-').map((a) => (a === 'model.json' ? work.path(a) : a)),
      stdin,
    )
    expect(ok.code, ok.stderr).toBe(0)
    expect(outputLines(ok.stdout)).toEqual(
      expectedLines([{ employees: 5 }, { employees: 6 }, { employees: 7 }]),
    )
    const bad = await runCliInProcess(
      scoreArgs('--input-format', 'jsonl', '-').map((a) => (a === 'model.json' ? work.path(a) : a)),
      '{"employees": 5}\r{"employees": 6}\n\n[1]\n{"employees": 7}\n',
    )
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('stdin line 4: not a JSON object')
    expect(outputLines(bad.stdout)).toHaveLength(2)
  })
})

test('input that fails midway: the leads read before it were written, and the count says so', async () => {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const collect = async (s: PassThrough): Promise<string> => {
    let text = ''
    for await (const chunk of s.setEncoding('utf8')) text += chunk
    return text
  }
  const out = collect(stdout)
  const err = collect(stderr)
  const first = [{ employees: 5 }, { employees: 6 }, { industry: 'retail' }]
  const stdin = Readable.from(
    (async function* () {
      yield first.map((lead) => `${JSON.stringify(lead)}\n`).join('')
      throw new Error('the disk went away')
    })(),
  )
  const args = scoreArgs('--threads', '0', '--input-format', 'jsonl', '-')
  const code = await main(
    args.map((a) => (a === 'model.json' ? work.path(a) : a)),
    { stdout, stderr, stdin, env: {} },
  )
  stdout.end()
  stderr.end()
  expect(code).toBe(2)
  expect(await err).toContain(
    'cannot read stdin: the disk went away; the 3 leads before it were scored and written',
  )
  expect(outputLines(await out)).toEqual(expectedLines(first))
})

/*
 * Which lead opens a block depends on how the input arrives, so the test above cannot tell whether
 * the warning would also name a lead that opens its block. Here each chunk of stdin is one block.
 */
describe.each([
  ['opens its block', 0],
  ['is inside its block', 3],
])('--format csv: the first lead with other keys, when it %s', (_, at) => {
  test.each([0, 2])('is named once, with --threads %i', async (threads) => {
    const first = 5 + at
    const chunks = [0, 5, 10].map((start) =>
      Array.from({ length: 5 }, (_, k) => {
        const i = start + k
        const lead: Lead = { employees: 10 + i, industry: 'retail' }
        if (i === first || i === 12) lead.extra = `other ${i}`
        return `${JSON.stringify(lead)}\n`
      }).join(''),
    )
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    const err = (async () => {
      let text = ''
      for await (const chunk of stderr.setEncoding('utf8')) text += chunk
      return text
    })()
    stdout.resume()
    const args = scoreArgs('--format', 'csv', '--threads', String(threads), '--input-format')
    const code = await main(
      [...args, 'jsonl', '-'].map((a) => (a === 'model.json' ? work.path(a) : a)),
      { stdout, stderr, stdin: Readable.from(chunks), env: {} },
    )
    stdout.end()
    stderr.end()
    const text = await err
    expect(code, text).toBe(0)
    expect(text.match(/warning/g)).toHaveLength(1)
    expect(text).toContain(`warning: lead ${first + 1} has fields the first lead lacks`)
  })
})
