import type { LeadColumns } from '../../engine/lead-columns.ts'
import { isMissing } from '../../engine/read-value.ts'

/** Column names that identify a lead to a reader, most telling first (matched ignoring case). */
const LABEL_FIELDS = ['email', 'name', 'id', 'lead_id', 'lead id', 'leadid', 'company'] as const

/** How many leads carry a value (not missing, as the engine reads it) in each column. */
export function countPresentValues(data: LeadColumns): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [field, column] of Object.entries(data.columns)) {
    let present = 0
    for (let i = 0; i < data.length; i++) if (!isMissing(column[i])) present++
    Object.defineProperty(counts, field, { value: present, enumerable: true })
  }
  return counts
}

/** The column that names a lead (an id, email or name column), or null when there is none. */
export function findLabelField(fields: readonly string[]): string | null {
  for (const wanted of LABEL_FIELDS) {
    const found = fields.find((f) => f.trim().toLowerCase() === wanted)
    if (found !== undefined) return found
  }
  return null
}
