import type { Lead } from '../../../../shared/lead-schema.ts'
import { seededRandom } from '../../../../engine/seeded-random.ts'

/** The seed of the generated leads; set CLI_TEST_SEED to replay a failure. */
export const SEED = readSeed()

function readSeed(): number {
  const raw = process.env.CLI_TEST_SEED
  if (raw === undefined || raw === '') return 20_250_602
  const seed = Number(raw)
  if (!Number.isSafeInteger(seed)) throw new Error(`CLI_TEST_SEED must be an integer, got ${raw}`)
  return seed
}

/** Text that CSV must quote: commas, quotes, line breaks, spaces at the ends. */
const AWKWARD = [
  'Acme, Inc.',
  'The "Best" Co',
  'line one\nline two',
  'crlf\r\nend',
  ' padded ',
  '',
  'plain',
]

/** Adds a free-text `note` field full of characters CSV must quote, drawn from the seed. */
export function withAwkwardNotes(leads: readonly Lead[], seed: number): Lead[] {
  const random = seededRandom(seed)
  return leads.map((lead) => ({ ...lead, note: AWKWARD[Math.floor(random() * AWKWARD.length)] }))
}

/** Every field any lead has, in first-seen order. */
export function fieldsOf(leads: readonly Lead[]): string[] {
  return [...new Set(leads.flatMap((lead) => Object.keys(lead)))]
}

/** A lead as a CSV export writes it: every value a string, missing as empty. */
export function asCsvRecord(lead: Lead, columns: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    columns.map((c) => [c, csvText(Object.hasOwn(lead, c) ? lead[c] : undefined)]),
  )
}

function csvText(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'string' ? value : String(value)
}

/** An RFC 4180 CSV file (written independently of the CLI's own writer). */
export function toCsv(
  records: readonly Record<string, string>[],
  columns: readonly string[],
): string {
  const quote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  const line = (fields: readonly string[]): string => `${fields.map(quote).join(',')}\r\n`
  return line(columns) + records.map((r) => line(columns.map((c) => r[c] ?? ''))).join('')
}

/** One JSON object per line. */
export function toJsonl(leads: readonly Lead[]): string {
  return leads.map((lead) => `${JSON.stringify(lead)}\n`).join('')
}
