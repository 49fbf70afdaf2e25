import { afterAll, beforeAll, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { createWorkDir, runCliInProcess } from './support/run-cli.ts'

let work: Awaited<ReturnType<typeof createWorkDir>>
beforeAll(async () => {
  work = await createWorkDir()
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
})
afterAll(() => work.remove())

test('a command runs in-process over the given streams (stdin included)', async () => {
  const leads = [{ employees: 40, demo_requested: 'yes' }, { industry: 'retail' }]
  const stdin = leads.map((lead) => `${JSON.stringify(lead)}\n`).join('')
  const argv = [
    'score',
    '--model',
    work.path('model.json'),
    '--as-of',
    String(DEMO_AS_OF),
    '--input-format',
    'jsonl',
    '-',
  ]
  const run = await runCliInProcess(argv, stdin)
  expect(run.code, run.stderr).toBe(0)
  const compiled = compileModel(DEMO_MODEL)
  const expected = leads.map(
    (lead) => `${JSON.stringify(scoreLead(compiled, lead, { asOf: DEMO_AS_OF }))}\n`,
  )
  expect(run.stdout).toBe(expected.join(''))
  expect(run.stderr).toContain('scored 2 leads')
})
