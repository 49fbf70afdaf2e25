import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, DEMO_OUTCOME_FIELD, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { readBoolean } from '../../../engine/read-value.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { BacktestSchema } from '../../../shared/backtest-schema.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import { asCsvRecord, fieldsOf, SEED, toCsv } from './support/lead-files.ts'
import { createWorkDir, runCliInProcess } from './support/run-cli.ts'

const COUNT = 2_000
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

let work: Awaited<ReturnType<typeof createWorkDir>>
let leads: Lead[]

/** The CSV of these leads, every column but `drop`, with `outcome` rewriting each lead's outcome. */
function csvOf(source: readonly Lead[], drop?: string): string {
  const columns = fieldsOf(source).filter((c) => c !== drop)
  return toCsv(
    source.map((lead) => asCsvRecord(lead, columns)),
    columns,
  )
}

beforeAll(async () => {
  work = await createWorkDir()
  leads = generateDemoLeads(COUNT, SEED)
  await work.write('model.json', JSON.stringify(DEMO_MODEL))
  await work.write('leads.csv', csvOf(leads))
  await work.write('no-outcome.csv', csvOf(leads, DEMO_OUTCOME_FIELD))
  const all = (converted: boolean): Lead[] => leads.map((l) => ({ ...l, converted }))
  await work.write('none-converted.csv', csvOf(all(false)))
  await work.write('all-converted.csv', csvOf(all(true)))
})
afterAll(() => work.remove())

const backtestArgs = (file: string): string[] => [
  'backtest',
  '--model',
  work.path('model.json'),
  '--outcome',
  DEMO_OUTCOME_FIELD,
  '--as-of',
  String(DEMO_AS_OF),
  work.path(file),
]

/** AUC from every converter/non-converter pair, scored lead by lead: the CLI must agree. */
function pairwiseAuc(): { auc: number; leads: number; positives: number } {
  const compiled = compileModel(DEMO_MODEL)
  const scored = leads
    .map((lead) => ({
      total: scoreLead(compiled, lead, { asOf: DEMO_AS_OF }).total,
      outcome: readBoolean(lead[DEMO_OUTCOME_FIELD]),
    }))
    .filter((l) => l.outcome >= 0)
  const pos = scored.filter((l) => l.outcome === 1).map((l) => l.total)
  const neg = scored.filter((l) => l.outcome === 0).map((l) => l.total)
  let wins = 0
  for (const a of pos) for (const b of neg) wins += a > b ? 1 : a === b ? 0.5 : 0
  return { auc: wins / (pos.length * neg.length), leads: scored.length, positives: pos.length }
}

describe.concurrent('scoring backtest', () => {
  test('--json prints one object whose AUC matches the pairwise count over scored leads', async () => {
    const run = await runCliInProcess([...backtestArgs('leads.csv'), '--json'])
    expect(run.code, run.stderr).toBe(0)
    const result = BacktestSchema.strict().parse(JSON.parse(run.stdout))
    const expected = pairwiseAuc()
    expect(result.leads, replay).toBe(expected.leads)
    expect(result.positives, replay).toBe(expected.positives)
    expect(result.auc, replay).toBeCloseTo(expected.auc, 10)
    expect(result.aucInterval[0]).toBeLessThan(result.auc)
    expect(result.aucInterval[1]).toBeGreaterThan(result.auc)
    expect(result.tiers.map((t) => t.name)).toEqual(DEMO_MODEL.tiers.map((t) => t.name))
    expect(result.deciles.reduce((a, d) => a + d.leads, 0)).toBe(expected.leads)
    expect(result.deciles[0]!.lift, replay).toBeGreaterThan(result.deciles[9]!.lift)
  })

  test('without --json prints a table with the AUC, tiers and deciles', async () => {
    const run = await runCliInProcess(backtestArgs('leads.csv'))
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/AUC 0\.\d{4} \(95% interval 0\.\d{4}–0\.\d{4}, DeLong\)/)
    expect(run.stdout).toContain('Conversion by tier')
    expect(run.stdout).toMatch(/^10 +[\d,]+ +[\d,]+ +[\d.]+% +\d\.\d\d$/m)
  })

  test('a CSV without the outcome column, or with no converter or no non-converter, exits 1', async () => {
    const cases = [
      ['no-outcome.csv', "has no outcome column 'converted'"],
      ['none-converted.csv', 'an AUC needs converters'],
      ['all-converted.csv', 'an AUC needs non-converters'],
    ] as const
    for (const [file, message] of cases) {
      const run = await runCliInProcess(backtestArgs(file))
      expect(run.code, file).toBe(1)
      expect(run.stderr, file).toContain(message)
      expect(run.stdout, file).toBe('')
    }
  })

  test('no --outcome and no outcomeField in the model is a usage error (exit 2)', async () => {
    const args = backtestArgs('leads.csv').filter(
      (a) => a !== '--outcome' && a !== DEMO_OUTCOME_FIELD,
    )
    const run = await runCliInProcess(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('pass --outcome')
  })
})
