import type { LeadColumns } from '../../engine/lead-columns.ts'

export type ParsedCsv =
  { ok: true; data: LeadColumns; fields: string[] } | { ok: false; message: string }

/**
 * Reads a CSV export (RFC 4180: comma separated, double-quoted fields with "" escapes, CRLF or LF)
 * whose first row names the fields, into columns of strings. Cells stay strings: the engine reads
 * numbers, booleans and dates from strings exactly as it does from JSON leads, and an empty cell is
 * missing.
 */
export function parseCsv(text: string): ParsedCsv {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c !== '"') cell += c
      else if (text[i + 1] === '"') {
        cell += '"'
        i++
      } else quoted = false
    } else if (c === '"' && cell === '') quoted = true
    else if (c === ',') {
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
  return { ok: true, data: { length: body.length, columns }, fields }
}
