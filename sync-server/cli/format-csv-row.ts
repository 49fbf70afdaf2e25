const NEEDS_QUOTES = /[",\r\n]/

/** One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. */
export function formatCsvRow(fields: readonly string[]): string {
  return `${fields.map(quoteCsvField).join(',')}\n`
}

function quoteCsvField(field: string): string {
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field
}

/** A lead value as CSV text: strings as they are, missing as empty, nested JSON as JSON. */
export function csvFieldOf(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
