import type { Lead } from '../shared/lead-schema.ts'
import type { RawColumn } from './prepare-column.ts'
import { fieldOf } from './score-lead.ts'

/** A dataset held by column: `length` leads, one raw column per field (a missing field is all missing). */
export interface LeadColumns {
  readonly length: number
  readonly columns: Readonly<Record<string, RawColumn>>
}

/** Turns lead records into columns for the given fields (all fields seen when none are given). */
export function columnsFromLeads(leads: readonly Lead[], fields?: readonly string[]): LeadColumns {
  const names = fields ?? [...new Set(leads.flatMap((lead) => Object.keys(lead)))]
  // fromEntries defines own properties, so a field named "__proto__" stays a column, not a prototype.
  const columns: Record<string, unknown[]> = Object.fromEntries(
    names.map((name) => [name, leads.map((lead) => fieldOf(lead, name))]),
  )
  return { length: leads.length, columns }
}

/** The column a factor reads; an absent field reads as all missing. */
export function columnOf(data: LeadColumns, field: string): RawColumn {
  return Object.hasOwn(data.columns, field)
    ? (data.columns[field] as RawColumn)
    : new Array(data.length)
}
