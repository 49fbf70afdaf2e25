import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { FINDING_CODES } from '../../../shared/finding-codes.ts'
import { FindingSchema } from '../../../shared/finding-schema.ts'
import { createWorkDir, runCli, runCliInProcess } from './support/run-cli.ts'

let work: Awaited<ReturnType<typeof createWorkDir>>

beforeAll(async () => {
  work = await createWorkDir()
  await work.write('valid.json', JSON.stringify(DEMO_MODEL))
  const overweight = structuredClone(DEMO_MODEL)
  overweight.factors[0]!.weight = 0.3
  await work.write('overweight.json', JSON.stringify(overweight))
  const stringWeight = JSON.parse(JSON.stringify(DEMO_MODEL))
  stringWeight.factors[2].weight = '0.25'
  await work.write('string-weight.json', JSON.stringify(stringWeight))
  await work.write('broken.json', '{ "id": "x", ')
  await work.write('leads.csv', 'employees,industry\n10,software\n')
})
afterAll(() => work.remove())

const FindingsSchema = z.array(FindingSchema)

describe.concurrent('scoring validate', () => {
  test('a valid model exits 0 and says so', async () => {
    const run = await runCliInProcess(['validate', work.path('valid.json')])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('valid: no findings\n')
  })

  test('a rule error exits 1 with the finding, its hint and a summary', async () => {
    const run = await runCliInProcess(['validate', work.path('overweight.json')])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`error ${FINDING_CODES.weightSum}`)
    expect(run.stdout).toMatch(/hint: /)
    expect(run.stdout).toMatch(/^1 error, 0 warnings$/m)
  })

  test('a weight written as a string is a schema error at its path, exit 1', async () => {
    const run = await runCliInProcess(['validate', work.path('string-weight.json')])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`error ${FINDING_CODES.schema} at factors[2].weight`)
  })

  test('--json prints the findings array', async () => {
    const run = await runCliInProcess(['validate', '--json', work.path('string-weight.json')])
    expect(run.code).toBe(1)
    const findings = FindingsSchema.parse(JSON.parse(run.stdout))
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: FINDING_CODES.schema,
        severity: 'error',
        path: ['factors', 2, 'weight'],
      }),
    )
  })

  test('--dataset warns about fields the CSV header lacks, and still exits 0', async () => {
    const run = await runCliInProcess([
      'validate',
      work.path('valid.json'),
      '--dataset',
      work.path('leads.csv'),
      '--json',
    ])
    expect(run.code).toBe(0)
    const findings = FindingsSchema.parse(JSON.parse(run.stdout))
    const lacking = findings.filter((f) => f.code === FINDING_CODES.fieldNotInDataset)
    const expected = DEMO_MODEL.factors.filter((f) => !['employees', 'industry'].includes(f.field))
    expect(lacking.map((f) => f.path)).toEqual(
      expected.map((f) => ['factors', DEMO_MODEL.factors.indexOf(f), 'field']),
    )
    expect(findings.every((f) => f.severity === 'warning')).toBe(true)
  })

  test('a file that is not JSON exits 2 with a one-line reason', async () => {
    const run = await runCliInProcess(['validate', work.path('broken.json')])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain('broken.json is not JSON')
  })

  test('a missing file exits 2 with a one-line reason', async () => {
    const run = await runCliInProcess(['validate', work.path('nowhere.json')])
    expect(run.code).toBe(2)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain(`cannot read ${work.path('nowhere.json')}`)
  })

  test('an unknown option exits 2 with the reason and the usage', async () => {
    const run = await runCliInProcess(['validate', '--strict-mode', work.path('valid.json')])
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toBe("scoring validate: Unknown option '--strict-mode'")
    expect(run.stderr).toContain('Usage: scoring validate')
  })
})

describe.concurrent('scoring', () => {
  test('--help lists the commands and each command has its own help', async () => {
    const [top, score] = await Promise.all([
      runCli(['--help'], work.dir),
      runCli(['score', '--help'], work.dir),
    ])
    expect(top.code).toBe(0)
    for (const command of ['validate', 'score', 'impact', 'token'])
      expect(top.stdout).toContain(command)
    expect(score.code).toBe(0)
    expect(score.stdout).toContain('Usage: scoring score')
  })

  test('an unknown command exits 2', async () => {
    const run = await runCli(['grade'], work.dir)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("unknown command 'grade'")
  })
})
