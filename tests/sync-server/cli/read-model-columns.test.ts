import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { createColumnScorer } from '../../../engine/create-column-scorer.ts'
import { DEMO_AS_OF, generateDemoLeads } from '../../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import type { Model } from '../../../shared/model-schema.ts'
import {
  planModelColumns,
  readModelColumns,
} from '../../../sync-server/cli/batch/read-model-columns.ts'
import { LeadInputError } from '../../../sync-server/cli/lead-input-error.ts'
import { readLeadColumns } from '../../../sync-server/cli/read-lead-columns.ts'
import { asCsvRecord, fieldsOf, SEED, toCsv, withAwkwardNotes } from './support/lead-files.ts'

const replay = `seed ${SEED} (replay: CLI_TEST_SEED=${SEED} npx vitest run tests/sync-server/cli)`

/** The demo model with employees also read as a category: one field read two ways. */
const TWO_WAYS: Model = {
  ...DEMO_MODEL,
  id: 'two-ways',
  factors: [
    ...DEMO_MODEL.factors.map((f) => ({ ...f, weight: f.weight / 2 })),
    {
      id: 'employees-label',
      label: 'Employees as written',
      field: 'employees',
      weight: 0.5,
      missing: 0,
      transform: { kind: 'category', map: { '250': 1, ' 1200 ': 0.5 }, default: 0.1 },
    },
  ],
}

function csvOfDemoLeads(count: number): string {
  const leads = withAwkwardNotes(generateDemoLeads(count, SEED), SEED)
  const columns = fieldsOf(leads)
  return `\ufeff${toCsv(
    leads.map((lead) => asCsvRecord(lead, columns)),
    columns,
  )}`
}

describe('readModelColumns', () => {
  test('scores a CSV exactly as the lead-by-lead reader did, for models reading fields one or two ways', async () => {
    const csv = csvOfDemoLeads(3_000)
    const plan = planModelColumns([DEMO_MODEL, TWO_WAYS], ['note', 'absent'])
    expect(plan.text).toEqual(expect.arrayContaining(['employees', 'industry', 'note', 'absent']))
    const data = await readModelColumns(Readable.from([csv]), 'csv', plan)
    const fields = [...plan.typed.map((r) => r.field), ...plan.text]
    const old = await readLeadColumns(Readable.from([csv]), 'csv', fields)
    expect(data.length).toBe(old.length)
    for (const model of [DEMO_MODEL, TWO_WAYS]) {
      const now = createColumnScorer(data, model, { asOf: DEMO_AS_OF })
      const before = createColumnScorer(old, model, { asOf: DEMO_AS_OF })
      expect(Array.from(now.totals), replay).toEqual(Array.from(before.totals))
    }
    const blankAsEmpty = (x: unknown): unknown =>
      typeof x === 'string' && x.trim() === '' ? '' : x
    expect(Array.from(data.columns['note'] as string[]), replay).toEqual(
      Array.from(old.columns['note'] as string[], blankAsEmpty),
    )
    expect(data.columns['absent']).toEqual(new Array(data.length).fill(undefined))
  })

  test('a ragged record throws with its line', async () => {
    const csv = 'employees,industry\n1,software\n2\n'
    const read = readModelColumns(Readable.from([csv]), 'csv', planModelColumns([DEMO_MODEL]))
    await expect(read).rejects.toThrow(LeadInputError)
    await expect(
      readModelColumns(Readable.from([csv]), 'csv', planModelColumns([DEMO_MODEL])),
    ).rejects.toMatchObject({ line: 3 })
  })
})
