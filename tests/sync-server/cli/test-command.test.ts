import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import type { Model, ModelTest } from '../../../shared/model-schema.ts'
import { createWorkDir, runCli, runCliInProcess } from './support/run-cli.ts'

const AS_OF = '2026-01-01T00:00:00Z'
/** A lead the demo model puts in tier A: big, software, engaged, a demo asked for today. */
const HOT_LEAD = {
  employees: 5000,
  industry: 'software',
  email_opens_90d: 12,
  page_views_30d: 60,
  bounce_rate: 0,
  demo_requested: true,
  last_activity_at: AS_OF,
}

const hot = (expect: ModelTest['expect']): ModelTest => ({
  id: 'hot-account',
  label: 'Acme, our reference account',
  asOf: AS_OF,
  lead: HOT_LEAD,
  expect,
})

const withTests = (tests: ModelTest[]): Model => ({ ...DEMO_MODEL, tests })

let work: Awaited<ReturnType<typeof createWorkDir>>
beforeAll(async () => {
  work = await createWorkDir()
  await work.write('passing.json', JSON.stringify(withTests([hot({ tier: 'A', minTotal: 0.9 })])))
  await work.write(
    'failing.json',
    JSON.stringify(
      withTests([
        hot({ tier: 'A' }),
        { id: 'cold', asOf: AS_OF, lead: { industry: 'retail' }, expect: { tier: 'A' } },
      ]),
    ),
  )
  await work.write('no-tests.json', JSON.stringify(DEMO_MODEL))
  await work.write('not-a-model.json', JSON.stringify({ id: 'x', tests: [] }))
})
afterAll(() => work.remove())

describe.concurrent('scoring test', () => {
  test('passing tests print PASS lines and a summary, exit 0', async () => {
    const run = await runCliInProcess(['test', '--model', work.path('passing.json')])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(
      /^PASS\s+hot-account \(Acme, our reference account\)\s+total 0\.9\d*\s+tier A$/m,
    )
    expect(run.stdout).toMatch(/^1 test: 1 passed, 0 failed$/m)
  })

  test('a failing test exits 1 and says what the lead scored and what was expected', async () => {
    const run = await runCliInProcess(['test', '--model', work.path('failing.json')])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^PASS\s+hot-account/m)
    expect(run.stdout).toMatch(/^FAIL\s+cold\s+total 0\.\d+\s+tier [BCD]\s+expected tier A$/m)
    expect(run.stdout).toMatch(/^2 tests: 1 passed, 1 failed$/m)
  })

  test('a model without tests says so and exits 0', async () => {
    const run = await runCliInProcess(['test', '--model', work.path('no-tests.json')])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(`${work.path('no-tests.json')} has no tests\n`)
  })

  test('a file that is not a model exits 1 with its schema findings', async () => {
    const run = await runCliInProcess(['test', '--model', work.path('not-a-model.json')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('error schema at factors')
    expect(run.stderr).toContain('is not a model')
  })

  test('no --model is a usage error (exit 2)', async () => {
    const run = await runCliInProcess(['test'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--model is required')
  })

  test('the bin runs it too, exit status included', async () => {
    const run = await runCli(['test', '--model', 'failing.json'], work.dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^FAIL\s+cold/m)
  })
})
