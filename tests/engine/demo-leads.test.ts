import { describe, expect, test } from 'vitest'
import { compileModel } from '../../engine/compile-model.ts'
import {
  DEMO_AS_OF,
  DEMO_FIELDS,
  generateDemoColumns,
  generateDemoLeads,
} from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import { columnOf, columnsFromLeads } from '../../engine/lead-columns.ts'
import { prepareColumn } from '../../engine/prepare-column.ts'
import { readBoolean, readInstant, readNumber } from '../../engine/read-value.ts'
import { scoreColumns } from '../../engine/score-columns.ts'
import { scoreLeads } from '../../engine/score-lead.ts'
import type { Model } from '../../shared/model-schema.ts'
import { SEED } from './support/seed.ts'

const seeds = [SEED, SEED + 1, SEED + 2]
const replay = (seed: number): string =>
  `seed ${seed} (replay: ENGINE_TEST_SEED=${seed} npx vitest run tests/engine/demo-leads.test.ts)`
const options = { asOf: DEMO_AS_OF }

describe('generateDemoLeads', () => {
  test('the same count and seed give the same leads; another seed gives others', () => {
    for (const seed of seeds) {
      expect(generateDemoLeads(300, seed), replay(seed)).toEqual(generateDemoLeads(300, seed))
      expect(generateDemoLeads(300, seed), replay(seed)).not.toEqual(
        generateDemoLeads(300, seed + 1000),
      )
      // A longer run starts with the same leads: a dataset can grow without reshuffling.
      expect(generateDemoLeads(500, seed).slice(0, 300), replay(seed)).toEqual(
        generateDemoLeads(300, seed),
      )
    }
  })

  test('DEMO_MODEL spreads the leads over every tier, most in the middle', () => {
    const compiled = compileModel(DEMO_MODEL)
    for (const seed of seeds) {
      const results = scoreLeads(compiled, generateDemoLeads(3000, seed), options)
      const share = (tier: string): number =>
        results.filter((r) => r.tier === tier).length / results.length
      for (const tier of DEMO_MODEL.tiers)
        expect(share(tier.name), replay(seed)).toBeGreaterThan(0.02)
      expect(share('B') + share('C'), replay(seed)).toBeGreaterThan(0.5)
      for (const r of results) {
        expect(r.total).toBeGreaterThanOrEqual(0)
        expect(r.total).toBeLessThanOrEqual(1 + 1e-9)
      }
    }
  })

  test('engagement goes with intent: leads that asked for a demo engage more', () => {
    for (const seed of seeds) {
      const leads = generateDemoLeads(3000, seed)
      const meanViews = (asked: number): number => {
        const views = leads
          .filter((l) => readBoolean(l.demo_requested) === asked)
          .map((l) => readNumber(l.page_views_30d))
          .filter((x) => !Number.isNaN(x))
        return views.reduce((a, x) => a + x, 0) / views.length
      }
      expect(meanViews(1), replay(seed)).toBeGreaterThan(1.5 * meanViews(0))
    }
  })

  test('values are messy and sometimes missing, as in a real CRM export', () => {
    const leads = generateDemoLeads(5000, SEED)
    const values = (field: string): unknown[] => leads.map((l) => l[field])
    const has = (field: string, pick: (x: unknown) => boolean): boolean => values(field).some(pick)
    const absent = (field: string): boolean => leads.some((l) => !Object.hasOwn(l, field))

    for (const { name } of DEMO_FIELDS)
      expect(absent(name), `${name} is sometimes absent`).toBe(true)
    // Employees: numbers, numeric strings (padded too), thousands separators and "n/a".
    expect(has('employees', (x) => typeof x === 'number')).toBe(true)
    expect(has('employees', (x) => typeof x === 'string' && /^\d+$/.test(x))).toBe(true)
    expect(has('employees', (x) => typeof x === 'string' && /^ \d+ $/.test(x))).toBe(true)
    expect(has('employees', (x) => typeof x === 'string' && /^\d{1,3}(,\d{3})+$/.test(x))).toBe(
      true,
    )
    expect(has('employees', (x) => x === 'n/a')).toBe(true)
    expect(has('employees', (x) => x === null)).toBe(true)
    // Booleans in every spelling a CRM produces, readable or not.
    for (const spelling of [true, false, 'yes', 'no', '1', '0', 'Yes', '', null]) {
      expect(
        has('demo_requested', (x) => x === spelling),
        `demo_requested ${spelling}`,
      ).toBe(true)
    }
    // Dates: ISO with Z, with an offset, without one, epoch ms, junk, some in the future.
    const activity = values('last_activity_at')
    expect(activity.some((x) => typeof x === 'string' && x.endsWith('Z'))).toBe(true)
    expect(activity.some((x) => typeof x === 'string' && /[+-]\d\d:\d\d$/.test(x))).toBe(true)
    expect(
      activity.some((x) => typeof x === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(x)),
    ).toBe(true)
    expect(activity.some((x) => typeof x === 'number')).toBe(true)
    expect(activity.some((x) => typeof x === 'string' && Number.isNaN(readInstant(x)))).toBe(true)
    expect(activity.some((x) => readInstant(x) > DEMO_AS_OF)).toBe(true)
    const readable = activity.map(readInstant).filter((t) => !Number.isNaN(t))
    expect(readable.filter((t) => t <= DEMO_AS_OF).length / readable.length).toBeGreaterThan(0.95)
    // Industries: DEMO_MODEL's keys, others, and the odd casing or padding that misses the map.
    const industries = new Set(values('industry'))
    for (const key of Object.keys(industryMap())) expect(industries.has(key), key).toBe(true)
    expect(industries.has('Software')).toBe(true)
    expect(industries.has('  fintech')).toBe(true)
    expect(industries.has('logistics')).toBe(true)
    expect(new Set(leads.map((l) => l.id)).size).toBe(leads.length)
    expect(leads.every((l) => typeof l.company === 'string' && l.company !== '')).toBe(true)
  })
})

describe('generateDemoColumns', () => {
  test('holds exactly what the engine reads from the same leads, field by field', () => {
    for (const seed of seeds) {
      const leads = columnsFromLeads(generateDemoLeads(2000, seed))
      const columns = generateDemoColumns(2000, seed)
      expect(columns.length).toBe(2000)
      for (const { name, reader } of DEMO_FIELDS) {
        const fromLeads = prepareColumn(columnOf(leads, name), reader)
        const fromColumns = prepareColumn(columnOf(columns, name), reader)
        expect(decode(fromColumns), `${name}, ${replay(seed)}`).toEqual(decode(fromLeads))
      }
    }
  })

  test('scores bit for bit as the leads do, for DEMO_MODEL and a model over every field', () => {
    for (const seed of seeds) {
      const leads = generateDemoLeads(2000, seed)
      const columns = generateDemoColumns(2000, seed)
      for (const model of [DEMO_MODEL, everyFieldModel()]) {
        const compiled = compileModel(model)
        const byLead = scoreLeads(compiled, leads, options).map((r) => r.total)
        const byColumn = Array.from(scoreColumns(compiled, columns, options).totals)
        expect(byColumn, `${model.id}, ${replay(seed)}`).toEqual(byLead)
      }
    }
  })

  test('numbers, dates and booleans come as Float64Arrays with NaN for missing', () => {
    const { columns } = generateDemoColumns(1000, SEED)
    for (const { name, reader } of DEMO_FIELDS) {
      const column = columns[name]
      if (reader === 'category') {
        expect(Array.isArray(column), name).toBe(true)
        continue
      }
      expect(column, name).toBeInstanceOf(Float64Array)
      const values = Array.from(column as Float64Array)
      expect(values.some(Number.isNaN), `${name} has missing values`).toBe(true)
      expect(
        values.some((x) => !Number.isNaN(x)),
        `${name} has values`,
      ).toBe(true)
    }
  })
})

/** A prepared column as plain per-row values, so columns with different dictionaries compare. */
function decode(column: ReturnType<typeof prepareColumn>): unknown[] {
  if (column.reader === 'category') {
    return Array.from(column.codes, (c) => (c < 0 ? null : column.keys[c]))
  }
  return Array.from(column.values as ArrayLike<number>, (x) => (Number.isNaN(x) ? 'NaN' : x))
}

function industryMap(): Record<string, number> {
  const factor = DEMO_MODEL.factors.find((f) => f.field === 'industry')
  return factor?.transform.kind === 'category' ? factor.transform.map : {}
}

/** One factor per demo field, each read the way the field is meant to be read. */
function everyFieldModel(): Model {
  const weight = 1 / DEMO_FIELDS.length
  return {
    id: 'every-field',
    name: 'Every field',
    factors: DEMO_FIELDS.map(({ name, reader }) => ({
      id: name,
      label: name,
      field: name,
      weight,
      missing: 0.25,
      transform:
        reader === 'number'
          ? { kind: 'log', min: 1, max: 1e6 }
          : reader === 'instant'
            ? { kind: 'recency', halfLifeDays: 30 }
            : reader === 'boolean'
              ? { kind: 'boolean', whenTrue: 1, whenFalse: 0.1 }
              : { kind: 'category', map: { software: 1, US: 0.8, webinar: 0.9 }, default: 0.3 },
    })),
    tiers: [
      { name: 'hot', min: 0.5 },
      { name: 'cold', min: 0 },
    ],
  }
}
