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
 */
export async function writeBatchLeads(path: string, count: number, seed: number): Promise<void> {
  const out = createWriteStream(path)
  out.write(line(BATCH_COLUMNS))
  for (let s = 0; s * SLICE < count; s++) {
    const leads = generateDemoLeads(Math.min(SLICE, count - s * SLICE), seed + s)
    if (!out.write(leads.map(recordOf).join(''))) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
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
