import type { LeadColumns } from '../../engine/lead-columns.ts'

export type ParsedCsv =
  | { ok: true; data: LeadColumns; fields: string[]; delimiter: CsvDelimiter }
  | { ok: false; message: string }

/** The separators spreadsheets export with: comma, semicolon (comma-decimal locales), tab. */
export const CSV_DELIMITERS = [',', ';', '\t'] as const
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number]

/**
 * Reads a CSV export (RFC 4180: double-quoted fields with "" escapes, CRLF or LF) whose first row
 * names the fields, into columns of strings. The separator is the one of comma, semicolon and tab
 * the header row uses most (comma when it has none). Cells stay strings: the engine reads
 * numbers, booleans and dates from strings exactly as it does from JSON leads, and an empty cell is
 * missing.
 */
export function parseCsv(text: string): ParsedCsv {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const delimiter = detectDelimiter(text, start)
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = start
  for (; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c !== '"') cell += c
      else if (text[i + 1] === '"') {
        cell += '"'
        i++
      } else quoted = false
    } else if (c === '"' && cell === '') quoted = true
    else if (c === delimiter) {
      row.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (quoted) return { ok: false, message: 'The file ends inside a quoted field.' }
  if (cell !== '' || row.length > 0) {
    row.push(cell)
    rows.push(row)
  }
  const nonEmpty = rows.filter((r) => r.length > 1 || (r[0] ?? '') !== '')
  const header = nonEmpty[0]
  if (header === undefined) return { ok: false, message: 'The file is empty.' }
  const fields = header.map((name) => name.trim())
  const duplicate = fields.find((name, k) => fields.indexOf(name) !== k)
  if (duplicate !== undefined)
    return { ok: false, message: `The column "${duplicate}" appears twice.` }
  const body = nonEmpty.slice(1)
  const bad = body.findIndex((r) => r.length !== fields.length)
  if (bad >= 0) {
    return {
      ok: false,
      message: `Row ${bad + 2} has ${(body[bad] as string[]).length} cells; the header has ${fields.length}.`,
    }
  }
  // fromEntries defines own properties, so a column named "__proto__" stays a column.
  const columns = Object.fromEntries(
    fields.map((name, k) => [name, body.map((r) => r[k] as string)]),
  )
  return { ok: true, data: { length: body.length, columns }, fields, delimiter }
}

/** The separator the first row uses most, counting outside quotes. */
function detectDelimiter(text: string, start: number): CsvDelimiter {
  const counts = new Map<string, number>()
  let quoted = false
  for (let i = start; i < text.length; i++) {
    const c = text[i] as string
    if (c === '"') quoted = !quoted
    else if (!quoted && (c === '\n' || c === '\r')) break
    else if (!quoted) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  let best: CsvDelimiter = ','
  for (const candidate of CSV_DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate
  }
  return best
}
