import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { generateDemoLeads } from '../../engine/demo-leads.ts'
import { DEMO_MODEL } from '../../engine/demo-model.ts'
import type { Lead } from '../../shared/lead-schema.ts'

/** Leads generated per call: the file is written in slices, so memory stays small. */
const SLICE = 50_000

/** The columns of the file: the demo model's seven fields, in its factor order. */
export const BATCH_COLUMNS: readonly string[] = DEMO_MODEL.factors.map((f) => f.field)

/**
 * Writes `count` messy demo leads as a CRM export would (CSV, header row, CRLF, values quoted only
 * when they must be, missing as empty): the file `scoring score` and DuckDB both read in the batch
 * benchmark. Slice s is generateDemoLeads(SLICE, seed + s), so a count and seed give one file.
 * As `jsonl`, the same leads as JSON lines: the same columns, each value of its generated type
 * (numbers, booleans, text, null), a missing one left out.
 */
export async function writeBatchLeads(
  path: string,
  count: number,
  seed: number,
  format: 'csv' | 'jsonl' = 'csv',
): Promise<void> {
  const out = createWriteStream(path)
  if (format === 'csv') out.write(line(BATCH_COLUMNS))
  const write = format === 'csv' ? recordOf : jsonLineOf
  for (let s = 0; s * SLICE < count; s++) {
    const leads = generateDemoLeads(Math.min(SLICE, count - s * SLICE), seed + s)
    if (!out.write(leads.map(write).join(''))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

function jsonLineOf(lead: Lead): string {
  const kept = BATCH_COLUMNS.filter((c) => Object.hasOwn(lead, c)).map((c) => [c, lead[c]])
  return `${JSON.stringify(Object.fromEntries(kept))}\n`
}

function recordOf(lead: Lead): string {
  return line(BATCH_COLUMNS.map((c) => textOf(Object.hasOwn(lead, c) ? lead[c] : undefined)))
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return ''
  return String(value)
}

function line(fields: readonly string[]): string {
  return `${fields.map((s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)).join(',')}\r\n`
}
