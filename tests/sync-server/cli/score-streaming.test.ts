import { afterAll, beforeAll, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { seededRandom } from '../../../engine/seeded-random.ts'
import { SEED } from './support/lead-files.ts'
import { createWorkDir, spawnCli } from './support/run-cli.ts'

const TOTAL = 200_000
/** Leads written before waiting for their results: few at first, then 10k at a time. */
const PHASES = [2, 8, 90, 900, 9_000, ...Array.from({ length: 19 }, () => 10_000)]
const INDUSTRIES = ['software', 'fintech', 'retail', 'mining', '']

let work: Awaited<ReturnType<typeof createWorkDir>>
beforeAll(async () => {
  work = await createWorkDir()
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
})
afterAll(() => work.remove())

/** How a lead of the test is written in each input format, and how many results may lag. */
const FORMATS = [
  {
    format: 'csv',
    header: 'employees,industry,demo_requested,last_activity_at\n',
    line: (lead: Record<string, string>) =>
      `${lead.employees},${lead.industry},${lead.demo_requested},${lead.last_activity_at}\n`,
    // The CSV parser looks one byte ahead (is "\n" followed by more of a "\r\n"?), so the last
    // lead of a write is only known complete once the next byte or the end arrives.
    lag: 1,
  },
  {
    format: 'jsonl',
    header: '',
    line: (lead: Record<string, string>) => `${JSON.stringify(lead)}\n`,
    // A line feed ends a JSON line: every lead written is complete.
    lag: 0,
  },
] as const

/**
 * Streaming, proven without timing: the writer feeds stdin in phases and writes the next phase only
 * after stdout carried the results of the leads written so far. A CLI that read all input before
 * scoring, or held results back, would never let the writer finish (the test then times out).
 */
test.each(FORMATS)(
  'score reads $format from stdin and writes each result while later input is still unwritten',
  async ({ format, header, line, lag }) => {
    expect(PHASES.reduce((a, n) => a + n, 0)).toBe(TOTAL)
    const random = seededRandom(SEED)
    const compiled = compileModel(DEMO_MODEL)
    const child = spawnCli(
      [
        'score',
        '--model',
        'model.json',
        '--as-of',
        String(DEMO_AS_OF),
        '--input-format',
        format,
        '--progress',
        '-',
      ],
      work.dir,
    )
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))

    const expected: string[] = []
    let received = 0
    let mismatch: string | undefined
    let partial = ''
    let waiter: { until: number; resolve: () => void } | undefined
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        if (mismatch === undefined && line !== expected[received]) {
          mismatch = `line ${received + 1}: got ${line}, expected ${expected[received]} (seed ${SEED})`
        }
        received++
      }
      if (waiter && received >= waiter.until) waiter.resolve()
    })
    const resultsUpTo = (count: number): Promise<void> =>
      received >= count
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            waiter = { until: count, resolve }
            void exited.then(() =>
              reject(new Error(`the CLI exited before result ${count}: ${stderr}`)),
            )
          })

    if (header !== '') await write(child.stdin, header)
    let written = 0
    for (const size of PHASES) {
      let chunk = ''
      for (let i = 0; i < size; i++) {
        const lead = {
          employees: String(Math.floor(random() * 20_000)),
          industry: INDUSTRIES[Math.floor(random() * INDUSTRIES.length)] as string,
          demo_requested: random() < 0.3 ? 'yes' : 'no',
          last_activity_at: String(DEMO_AS_OF - Math.floor(random() * 90 * 86_400_000)),
        }
        expected.push(JSON.stringify(scoreLead(compiled, lead, { asOf: DEMO_AS_OF })))
        chunk += line(lead)
      }
      await write(child.stdin, chunk)
      written += size
      await resultsUpTo(written - lag)
      expect(received, 'no result may come before its lead is written').toBeLessThanOrEqual(written)
    }
    child.stdin.end()
    expect(await exited, stderr).toBe(0)
    expect(mismatch).toBeUndefined()
    expect(received).toBe(TOTAL)
    // --progress on a pipe: update lines (no size, so no ETA), then the summary.
    expect(stderr).toMatch(/^scored [\d,]+ leads · [\d,]+\/s$/m)
    expect(stderr).toContain(`scored ${TOTAL.toLocaleString('en-US')} leads in`)
  },
)

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    stream.write(text, (error) => (error ? reject(error) : resolve())),
  )
}
