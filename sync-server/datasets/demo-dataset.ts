import { createHash } from 'node:crypto'
import {
  DEMO_AS_OF,
  DEMO_FIELDS,
  DEMO_OUTCOME_FIELD,
  generateDemoColumns,
  generateDemoLeads,
} from '../../engine/demo-leads.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import { csvFieldOf, formatCsvRow } from '../cli/format-csv-row.ts'

/**
 * The built-in reference dataset: the demo leads the browser scores as its sample (the same count
 * and seed as the client's impact view), so a promotion's impact matches what the analyst saw.
 */
export const DEMO_DATASET = {
  id: 'demo',
  name: 'Demo leads',
  count: 20_000,
  seed: 20_250_602,
  /** The demo leads are relative to this instant, so their impact is scored at it. */
  asOf: DEMO_AS_OF,
  fields: [
    'id',
    'company',
    ...DEMO_FIELDS.map((f) => f.name),
    DEMO_OUTCOME_FIELD,
  ] as readonly string[],
} as const

let columns: LeadColumns | null = null
let csv: { bytes: Buffer; sha256: string } | null = null

/** The demo leads by column, generated once per process (they never change). */
export function demoColumns(): LeadColumns {
  columns ??= generateDemoColumns(DEMO_DATASET.count, DEMO_DATASET.seed)
  return columns
}

/** The demo leads as CSV (header row, then one lead per row), generated once per process. */
export function demoCsv(): { bytes: Buffer; sha256: string } {
  if (csv === null) {
    const leads = generateDemoLeads(DEMO_DATASET.count, DEMO_DATASET.seed)
    const lines = [formatCsvRow(DEMO_DATASET.fields)]
    for (const lead of leads) {
      lines.push(formatCsvRow(DEMO_DATASET.fields.map((field) => csvFieldOf(lead[field]))))
    }
    const bytes = Buffer.from(lines.join(''), 'utf8')
    csv = { bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
  }
  return csv
}
