import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { scoreLead } from '../../../engine/score-lead.ts'
import { ImpactReportSchema } from '../../../shared/impact-schema.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { asCsvRecord, fieldsOf, SEED, toCsv } from './support/lead-files.ts'
import { createWorkDir, runCliInProcess } from './support/run-cli.ts'

const COUNT = 3_000
const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

/** The proposed model: demo requests count more, company size less, and a new top tier. */
const PROPOSED: Model = {
  ...DEMO_MODEL,
  id: 'proposed',
  factors: DEMO_MODEL.factors.map((f) =>
    f.id === 'demo-requested'
      ? { ...f, weight: 0.3 }
      : f.id === 'company-size'
        ? { ...f, weight: 0.1 }
        : f,
  ),
  tiers: [
    { name: 'A+', min: 0.85 },
    { name: 'A', min: 0.7 },
    { name: 'B', min: 0.45 },
    { name: 'C', min: 0 },
  ],
}

let work: Awaited<ReturnType<typeof createWorkDir>>
let records: Lead[]

beforeAll(async () => {
  work = await createWorkDir()
  const leads = generateDemoLeads(COUNT, SEED)
  const columns = fieldsOf(leads)
  records = leads.map((lead) => asCsvRecord(lead, columns))
  await work.write('from.json', JSON.stringify(DEMO_MODEL))
  await work.write('to.json', JSON.stringify(PROPOSED))
  await work.write('leads.csv', toCsv(records as Record<string, string>[], columns))
})
afterAll(() => work.remove())

/** (from tier, to tier) → leads, scored lead by lead with scoreLead. */
function migrationOf(from: Model, to: Model, leads: readonly Lead[]): Map<string, number> {
  const a = compileModel(from)
  const b = compileModel(to)
  const counts = new Map<string, number>()
  for (const lead of leads) {
    const key = JSON.stringify([
      scoreLead(a, lead, { asOf: DEMO_AS_OF }).tier,
      scoreLead(b, lead, { asOf: DEMO_AS_OF }).tier,
    ])
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

describe.concurrent('scoring impact', () => {
  test('--json prints an ImpactReport whose tier migration matches scoring each lead', async () => {
    const args = [
      'impact',
      '--from',
      work.path('from.json'),
      '--to',
      work.path('to.json'),
      '--as-of',
      String(DEMO_AS_OF),
    ]
    const run = await runCliInProcess([...args, '--json', '--top', '4', work.path('leads.csv')])
    expect(run.code, run.stderr).toBe(0)
    const report = ImpactReportSchema.parse(JSON.parse(run.stdout))
    expect(report.leads).toBe(COUNT)

    const reported = new Map<string, number>()
    const { fromTiers, toTiers, counts } = report.migration
    counts.forEach((row, r) =>
      row.forEach((count, c) => {
        if (count > 0) reported.set(JSON.stringify([fromTiers[r], toTiers[c]]), count)
      }),
    )
    const expected = migrationOf(DEMO_MODEL, PROPOSED, records)
    expect(reported, replay).toEqual(expected)

    let changed = 0
    for (const [key, count] of expected) {
      const [a, b] = JSON.parse(key) as [string | null, string | null]
      if (a !== b) changed += count
    }
    expect(report.changedTier, replay).toBe(changed)
    expect(report.topMovers).toHaveLength(4)
    const to = compileModel(PROPOSED)
    for (const mover of report.topMovers) {
      expect(mover.to, replay).toBe(scoreLead(to, records[mover.row]!, { asOf: DEMO_AS_OF }).total)
    }
  })

  test('the text report shows the summary, the migration table, the movers and factor advice', async () => {
    const args = [
      'impact',
      '--from',
      work.path('from.json'),
      '--to',
      work.path('to.json'),
      '--as-of',
      '2025-06-02T12:00:00Z',
    ]
    const run = await runCliInProcess([...args, work.path('leads.csv')])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${COUNT.toLocaleString('en-US')} leads`)
    expect(run.stdout).toMatch(/^mean\s+\d\.\d{4}\s+\d\.\d{4}$/m)
    expect(run.stdout).toMatch(/^from \\ to\s+A\+\s+A\s+B\s+C$/m)
    expect(run.stdout).toMatch(/^Leads changing tier: [\d,]+ \(\d+\.\d%\)$/m)
    expect(run.stdout).toMatch(/^Spearman rank correlation: -?\d\.\d{4}$/m)
    expect(run.stdout).toContain('Top movers')
    for (const factor of PROPOSED.factors)
      expect(run.stdout).toMatch(new RegExp(`^${factor.id}\\s`, 'm'))
    expect(run.stdout).toMatch(/^Advice$/m)
  })

  test('a missing --to is a usage error (exit 2)', async () => {
    const run = await runCliInProcess([
      'impact',
      '--from',
      work.path('from.json'),
      work.path('leads.csv'),
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--from and --to are both required')
  })
})
