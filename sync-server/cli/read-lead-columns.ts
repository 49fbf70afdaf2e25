import type { Readable } from 'node:stream'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import { fieldOf } from '../../engine/score-lead.ts'
import type { LeadFormat } from './lead-format.ts'
import { readLeads } from './read-leads.ts'

/** Streams a dataset into columns, keeping only the given fields so memory grows with what is scored. */
export async function readLeadColumns(
  input: Readable,
  format: LeadFormat,
  fields: readonly string[],
  onLead?: (count: number) => void,
): Promise<LeadColumns> {
  const columns: Record<string, unknown[]> = {}
  for (const field of fields) columns[field] = []
  let length = 0
  for await (const lead of readLeads(input, format)) {
    for (const field of fields) (columns[field] as unknown[]).push(fieldOf(lead, field))
    length++
    onLead?.(length)
  }
  return { length, columns }
}
