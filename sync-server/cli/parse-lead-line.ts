import type { Lead } from '../../shared/lead-schema.ts'
import { LeadInputError } from './lead-input-error.ts'

/** One JSONL line as a lead; a line that is not a JSON object throws LeadInputError naming `lineNumber`. */
export function parseLeadLine(line: string, lineNumber: number): Lead {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new LeadInputError(`not JSON: ${reason}`, lineNumber)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LeadInputError('not a JSON object', lineNumber)
  }
  return value as Lead
}
