import type { Readable } from 'node:stream'
import type { LeadFormat } from './lead-format.ts'
import { readLeads } from './read-leads.ts'

/**
 * The field names a dataset offers, read by streaming: a CSV's header row (the rest is never
 * read), or every key that appears on any line of a JSONL file (a lead may leave a field out).
 */
export async function readDatasetFields(input: Readable, format: LeadFormat): Promise<string[]> {
  if (format === 'csv') {
    let header: string[] = []
    const leads = readLeads(input, format, {
      onHeader: (columns) => {
        header = columns
      },
    })
    // The header is known once the parser produced its first record (or reached the end).
    await leads.next()
    await leads.return(undefined)
    return header
  }
  const fields = new Set<string>()
  for await (const lead of readLeads(input, format)) {
    for (const key of Object.keys(lead)) fields.add(key)
  }
  return [...fields]
}
