/** A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/
/** A plain number ("-12.5", "+3", "1e-3") is data, not a formula: it is left as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * Defuses CSV injection (OWASP): a cell that would start a formula is prefixed with a single quote,
 * which spreadsheets show as text. `--raw` turns this off for consumers that want the bytes.
 */
export function neutralizeCsvCell(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell
}
