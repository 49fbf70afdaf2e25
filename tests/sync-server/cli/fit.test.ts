import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_AS_OF, DEMO_OUTCOME_FIELD, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { BacktestSchema } from '../../../shared/backtest-schema.ts'
import { ModelSchema } from '../../../shared/model-schema.ts'
import { asCsvRecord, fieldsOf, SEED, toCsv } from './support/lead-files.ts'
import { createWorkDir, runCli, runCliInProcess } from './support/run-cli.ts'

const COUNT = 4_000
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

let work: Awaited<ReturnType<typeof createWorkDir>>

beforeAll(async () => {
  work = await createWorkDir()
  const leads = generateDemoLeads(COUNT, SEED)
  const columns = fieldsOf(leads)
  await work.write(
    'model.json',
    JSON.stringify({ ...DEMO_MODEL, outcomeField: DEMO_OUTCOME_FIELD }),
  )
  await work.write(
    'leads.csv',
    toCsv(
      leads.map((lead) => asCsvRecord(lead, columns)),
      columns,
    ),
  )
})
afterAll(() => work.remove())

const fitArgs = (...extra: string[]): string[] => [
  'fit',
  '--model',
  'model.json',
  '--as-of',
  String(DEMO_AS_OF),
  ...extra,
  'leads.csv',
]

describe('scoring fit', () => {
  test('writes a fitted model that validates and ranks converters better than the demo weights', async () => {
    // As a user runs it: `scoring fit … > fitted.json && scoring validate fitted.json`.
    const fit = await runCli(fitArgs('--holdout', '0.3', '--seed', '5'), work.dir)
    expect(fit.code, fit.stderr).toBe(0)
    expect(fit.stderr).toMatch(/holdout +\d+ +\d+ +0\.\d{4} +0\.\d{4}/)
    const fitted = ModelSchema.parse(JSON.parse(fit.stdout))
    expect(fitted.factors.map((f) => f.id)).toEqual(DEMO_MODEL.factors.map((f) => f.id))
    expect(fitted.tiers).toEqual(DEMO_MODEL.tiers)
    await work.write('fitted.json', fit.stdout)
    const validate = await runCli(['validate', 'fitted.json'], work.dir)
    expect(validate.code, validate.stdout + validate.stderr).toBe(0)

    const auc = async (model: string): Promise<number> => {
      const args = ['backtest', '--model', work.path(model), '--as-of', String(DEMO_AS_OF)]
      const run = await runCliInProcess([...args, '--json', work.path('leads.csv')])
      expect(run.code, run.stderr).toBe(0)
      return BacktestSchema.parse(JSON.parse(run.stdout)).auc
    }
    expect(await auc('fitted.json'), replay).toBeGreaterThan(await auc('model.json'))
  })

  test('the same seed gives the same model; a bad --holdout or --seed is a usage error', async () => {
    const inProcess = (...extra: string[]) =>
      runCliInProcess(
        fitArgs(...extra).map((a) =>
          a.endsWith('.json') || a.endsWith('.csv') ? work.path(a) : a,
        ),
      )
    const [a, b] = await Promise.all([inProcess('--seed', '9'), inProcess('--seed', '9')])
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    for (const bad of [
      ['--holdout', '1'],
      ['--holdout', 'x'],
      ['--seed', '1.5'],
    ]) {
      const run = await inProcess(...bad)
      expect(run.code, bad.join(' ')).toBe(2)
      expect(run.stdout).toBe('')
    }
  })
})
