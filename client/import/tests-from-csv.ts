import type { Lead } from '../../shared/lead-schema.ts'
import { ModelTestSchema, type ModelTest } from '../../shared/model-schema.ts'
import { parseCsv } from '../workers/parse-csv.ts'

/** Columns that describe the test; every other column is a field of the test's lead. */
export const TEST_CSV_COLUMNS = {
  label: 'test_label',
  asOf: 'test_as_of',
  tier: 'expect_tier',
  minTotal: 'expect_min_total',
  maxTotal: 'expect_max_total',
} as const

const OWN_COLUMNS: ReadonlySet<string> = new Set(Object.values(TEST_CSV_COLUMNS))

export type TestsFromCsv = { ok: true; tests: ModelTest[] } | { ok: false; errors: string[] }

export interface TestsFromCsvOptions {
  /** The instant a row without `test_as_of` is scored at (ISO-8601). */
  readonly asOf: string
  /** A fresh test id (random, so tests imported by two peers at once never collide). */
  readonly newId: () => string
}

/**
 * Reads model tests from a CSV: one test per row, the expectation in `expect_tier`,
 * `expect_min_total` and/or `expect_max_total`, optional `test_label` and `test_as_of`, and the
 * lead in the other columns (an empty cell is an absent field). Any bad row refuses the whole
 * file, with every problem listed by row, so an import never half-happens.
 */
export function testsFromCsv(text: string, options: TestsFromCsvOptions): TestsFromCsv {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, errors: [parsed.message] }
  const { fields, data } = parsed
  const cell = (name: string, row: number): string =>
    Object.hasOwn(data.columns, name) ? String(data.columns[name]?.[row] ?? '').trim() : ''
  const errors: string[] = []
  const tests: ModelTest[] = []
  if (data.length === 0) errors.push('The file has a header but no rows.')
  for (let row = 0; row < data.length; row++) {
    const where = `Row ${row + 2}`
    const lead: Lead = {}
    for (const field of fields) {
      const value = String(data.columns[field]?.[row] ?? '')
      // defineProperty keeps a field named "__proto__" an own field of the lead.
      if (!OWN_COLUMNS.has(field) && value.trim() !== '') {
        Object.defineProperty(lead, field, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
    }
    const expect: ModelTest['expect'] = {}
    const tier = cell(TEST_CSV_COLUMNS.tier, row)
    if (tier !== '') expect.tier = tier
    for (const key of ['minTotal', 'maxTotal'] as const) {
      const text = cell(TEST_CSV_COLUMNS[key], row)
      if (text === '') continue
      const n = Number(text)
      if (Number.isFinite(n)) expect[key] = n
      else errors.push(`${where}: ${TEST_CSV_COLUMNS[key]} "${text}" is not a number.`)
    }
    const label = cell(TEST_CSV_COLUMNS.label, row)
    const candidate = {
      id: options.newId(),
      ...(label === '' ? {} : { label }),
      asOf: cell(TEST_CSV_COLUMNS.asOf, row) || options.asOf,
      lead,
      expect,
    }
    const test = ModelTestSchema.safeParse(candidate)
    if (test.success) tests.push({ ...test.data, lead })
    else errors.push(`${where}: ${rowProblem(test.error.issues, candidate.asOf)}`)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tests }
}

function rowProblem(
  issues: readonly { path: PropertyKey[]; message: string }[],
  asOf: string,
): string {
  const [first] = issues
  if (first?.path[0] === 'asOf')
    return `${TEST_CSV_COLUMNS.asOf} "${asOf}" is not an ISO-8601 instant.`
  if (first?.path[0] === 'expect') {
    return `it expects nothing: fill ${TEST_CSV_COLUMNS.tier}, ${TEST_CSV_COLUMNS.minTotal} or ${TEST_CSV_COLUMNS.maxTotal}.`
  }
  return first?.message ?? 'it is not a test.'
}
