import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { main } from '../../../sync-server/cli/main.ts'
import { createWorkDir } from './support/run-cli.ts'

let work: Awaited<ReturnType<typeof createWorkDir>>
beforeAll(async () => {
  work = await createWorkDir()
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
})
afterAll(() => work.remove())

/** Everything written to the stream, once the writer ends it. */
async function textOf(stream: PassThrough): Promise<string> {
  let text = ''
  for await (const chunk of stream.setEncoding('utf8')) text += chunk
  return text
}

test('a command runs in-process over the given streams (stdin included)', async () => {
  const leads = [{ employees: 40, demo_requested: 'yes' }, { industry: 'retail' }]
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out = textOf(stdout)
  const err = textOf(stderr)
  const stdin = Readable.from(leads.map((lead) => `${JSON.stringify(lead)}\n`))
  const model = `${work.dir}/model.json`
  const argv = [
    'score',
    '--model',
    model,
    '--as-of',
    String(DEMO_AS_OF),
    '--input-format',
    'jsonl',
    '-',
  ]
  const code = await main(argv, { stdout, stderr, stdin })
  stdout.end()
  stderr.end()
  expect(code, await err).toBe(0)
  const compiled = compileModel(DEMO_MODEL)
  const expected = leads.map(
    (lead) => `${JSON.stringify(scoreLead(compiled, lead, { asOf: DEMO_AS_OF }))}\n`,
  )
  expect(await out).toBe(expected.join(''))
  expect(await err).toContain('scored 2 leads')
})
