import type { Lead } from '../shared/lead-schema.ts'
import { assert } from '../shared/assert.ts'
import type { LeadColumns } from './lead-columns.ts'
import type { Reader } from './prepare-column.ts'
import { normalFrom, seededRandom, type Random } from './seeded-random.ts'

/** The instant the demo data is relative to (2025-06-02T12:00:00Z): score demo leads with this `asOf`. */
export const DEMO_AS_OF = Date.UTC(2025, 5, 2, 12, 0, 0)

const DAY = 86_400_000
/** Written for a field the export leaves out of the lead. */
const ABSENT = Symbol('absent')

/**
 * One way a CRM export writes a value, and what the engine's reader gets back from it (NaN when the
 * written form is missing or unreadable: "1,200", "n/a", "Yes", "last week"…, the messy part).
 */
interface Style {
  write(x: number, row: number): unknown
  read: ReadBack
}
/** What reading a written value gives back; data rather than a function, so a hot loop can switch on it. */
const READ = { exact: 0, missing: 1, belowThousand: 2, day: 3 } as const
type ReadBack = (typeof READ)[keyof typeof READ]
const style = (write: Style['write'], read: ReadBack = READ.exact): Style => ({ write, read })
const missing = (written: unknown): Style => style(() => written, READ.missing)

/** The value the engine reads from x written with a style's read-back (NaN when missing). */
function readBack(read: ReadBack, x: number): number {
  switch (read) {
    case READ.exact:
      return x
    case READ.missing:
      return NaN
    case READ.belowThousand:
      // "1,200" is not a number to Number(); below 1000 the separator never appears.
      return Math.abs(x) < 1000 ? x : NaN
    case READ.day:
      return Math.floor(x / DAY) * DAY
  }
}

const OFFSETS = [120, -300, 330, 60, -420, 540, -180, 0]
const GARBAGE_DATES = 'last week|N/A|2025-13-45|31/12/2024|yesterday|2024-02-30|unknown'.split('|')
const iso = (t: number): string => new Date(t).toISOString()

/** The styles of each kind of field, by name; a field picks among them with its own weights. */
const STYLES: Record<Reader, Record<string, Style>> = {
  number: {
    number: style((x) => x),
    string: style((x) => String(x)),
    padded: style((x) => ` ${x} `),
    thousands: style((x) => String(x).replace(/\B(?=(\d{3})+$)/g, ','), READ.belowThousand),
    na: missing('n/a'),
    absent: missing(ABSENT),
    null: missing(null),
    empty: missing(''),
    percent: style((x) => `${Math.round(x * 1000) / 10}%`, READ.missing),
  },
  instant: {
    iso: style(iso),
    offset: style((t, row) => {
      const minutes = OFFSETS[row % OFFSETS.length] as number
      const hhmm = new Date(Math.abs(minutes) * 60_000).toISOString().slice(11, 16)
      return `${iso(t + minutes * 60_000).slice(0, 19)}${minutes < 0 ? '-' : '+'}${hhmm}`
    }),
    local: style((t) => iso(t).slice(0, 19).replace('T', ' ')),
    date: style((t) => iso(t).slice(0, 10), READ.day),
    epoch: style((t) => t),
    epochString: style((t) => String(t)),
    garbage: style((_, row) => GARBAGE_DATES[row % GARBAGE_DATES.length], READ.missing),
    absent: missing(ABSENT),
    null: missing(null),
    empty: missing(''),
  },
  boolean: {
    bool: style((b) => b === 1),
    yesNo: style((b) => (b === 1 ? 'yes' : 'no')),
    digit: style((b) => (b === 1 ? '1' : '0')),
    word: style((b) => (b === 1 ? 'true' : 'false')),
    number: style((b) => b),
    capital: style((b) => (b === 1 ? 'Yes' : 'No'), READ.missing),
    empty: missing(''),
    null: missing(null),
    absent: missing(ABSENT),
  },
  // Categories are written by label (see writeField): these styles only say whether the label is kept,
  // so the write of `value` is never called.
  category: {
    value: style(() => ABSENT),
    absent: missing(ABSENT),
    null: missing(null),
    empty: missing(''),
    blank: missing('   '),
  },
}

/** Labels with cumulative probabilities, from "label:weight|label:weight…" (labels keep their spaces). */
interface Table {
  readonly labels: readonly string[]
  readonly cumulative: Float64Array
}

function weighted(spec: string): Table {
  const entries = spec.split('|').map((e) => {
    const colon = e.lastIndexOf(':')
    return [e.slice(0, colon), Number(e.slice(colon + 1))] as const
  })
  let sum = 0
  const cumulative = Float64Array.from(entries, ([, w]) => (sum += w))
  return { labels: entries.map(([l]) => l), cumulative: cumulative.map((c) => c / sum) }
}

function pick(r: Random, t: Table): string {
  const u = r()
  let k = 0
  while (k < t.cumulative.length - 1 && u >= (t.cumulative[k] as number)) k++
  return t.labels[k] as string
}

interface FieldSpec<N extends string = string> {
  readonly name: N
  readonly kind: Reader
  readonly styles: readonly Style[]
  /** A style index for each 10-bit random number, in proportion to the style weights. */
  readonly lookup: Uint8Array
}

function field<N extends string>(name: N, kind: Reader, styleWeights: string): FieldSpec<N> {
  const table = weighted(styleWeights)
  const styles = table.labels.map((label) => STYLES[kind][label])
  assert(styles.every(Boolean), `${name}: every style is one of the ${kind} styles`)
  const lookup = new Uint8Array(1024).map((_, bits) => {
    let k = 0
    while ((bits + 0.5) / 1024 >= (table.cumulative[k] as number)) k++
    return k
  })
  return { name, kind, styles: styles as Style[], lookup }
}

const COUNT = 'number:90|string:3|padded:1|thousands:1|absent:3|null:1|empty:1'
const TOUCH =
  'iso:45|offset:12|local:10|date:6|epoch:8|epochString:4|garbage:3|absent:7|null:3|empty:2'
const FLAG = 'bool:40|yesNo:15|digit:10|word:10|number:5|capital:4|empty:4|null:4|absent:8'
const LABEL = 'value:92|absent:4|null:2|empty:1|blank:1'

/** Every field a demo lead may carry besides id and company, in the order an export lists them. */
const FIELDS = [
  field('country', 'category', LABEL),
  field('industry', 'category', LABEL),
  field('lead_source', 'category', LABEL),
  field(
    'employees',
    'number',
    'number:72|string:8|padded:4|thousands:4|na:2|absent:6|null:2|empty:2',
  ),
  field(
    'annual_revenue',
    'number',
    'number:70|string:5|padded:2|thousands:5|na:3|absent:12|null:3',
  ),
  field('email_opens_90d', 'number', COUNT),
  field('email_clicks_90d', 'number', COUNT),
  field('page_views_30d', 'number', COUNT),
  field('sessions_30d', 'number', COUNT),
  field('avg_session_seconds', 'number', COUNT),
  field('form_fills_90d', 'number', COUNT),
  field('pricing_page_views_30d', 'number', COUNT),
  field('bounce_rate', 'number', 'number:85|string:3|absent:7|null:2|percent:3'),
  field('demo_requested', 'boolean', FLAG),
  field('trial_started', 'boolean', FLAG),
  field('newsletter_opt_in', 'boolean', FLAG),
  field('last_activity_at', 'instant', TOUCH),
  field('last_email_open_at', 'instant', TOUCH),
  field('last_page_view_at', 'instant', TOUCH),
  field(
    'created_at',
    'instant',
    'iso:80|offset:5|local:5|date:5|epoch:2|garbage:1|absent:1|null:1',
  ),
]
/** Each field's slot in the per-lead buffers. */
const S = Object.fromEntries(FIELDS.map((f, i) => [f.name, i])) as Record<
  (typeof FIELDS)[number]['name'],
  number
>

/** The demo fields a model can score on, with the reader each is meant for. */
export const DEMO_FIELDS: readonly { readonly name: string; readonly reader: Reader }[] =
  FIELDS.map((f) => ({ name: f.name, reader: f.kind }))

// DEMO_MODEL's industries and others, with the casing and padding real exports carry.
const STRONG_INDUSTRIES = weighted('software:5|fintech:3|Software:0.4|  fintech:0.2')
const INDUSTRIES = weighted(
  'software:3|fintech:1.5|healthcare:3|manufacturing:3|retail:3|education:2|logistics:2|media:1.5|' +
    'government:1|nonprofit:1|real estate:1|Healthcare:0.3|RETAIL:0.2|Software:0.3|  fintech:0.1|' +
    'manufacturing :0.2',
)
const COUNTRIES = weighted(
  'US:30|United States:3|usa:1|GB:10|DE:9|FR:6|IN:7|CA:5|AU:4|NL:3|BR:4|SE:2|JP:3|ES:3|Germany:1',
)
const SOURCES = weighted(
  'organic:5|paid_search:4|webinar:2|referral:2|event:2|outbound:3|partner:1',
)
const HOT_SOURCES = weighted('referral:3|webinar:3|event:2|organic:2')
const FIRST_NAMES = (
  'Acme|Northwind|Globex|Initech|Umbrella|Stark|Hooli|Vandelay|Soylent|Tyrell|Cyberdyne|Aperture|' +
  'Blue Sky|Red Oak|Silver Lake|Bright|Nimbus|Polar|Summit|Harbor|Pioneer|Vertex|Quantum|Evergreen'
).split('|')
const SECOND_NAMES =
  'Labs|Systems|Analytics|Logistics|Health|Foods|Capital|Robotics|Media|Works|Networks|Energy'.split(
    '|',
  )
const SUFFIXES = 'Inc.|LLC|Ltd|GmbH|S.A.|BV|AB|Corp||'.split('|')

/** A skewed count ≥ 0 whose logarithm is normal around `mu`. */
function count(mu: number, z: number): number {
  return Math.max(0, Math.round(Math.exp(mu + z) - 1))
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x))
}

/** An instant `days` before `from`, to the whole second so every written form reads back exactly. */
function daysBefore(from: number, days: number): number {
  return Math.round((from - days * DAY) / 1000) * 1000
}

/**
 * One lead's true values (NaN = none) and labels. Two latent traits drive them, fit (firmographics)
 * and intent (engagement): intent leans on fit and every engagement signal on intent, so a model
 * that rewards both spreads leads across its tiers as real scores do.
 */
function drawLead(r: Random, z: () => number, v: Float64Array, labels: string[]): void {
  const fit = z()
  const intent = 0.35 * fit + 0.94 * z()
  const employees = Math.max(1, Math.round(Math.exp(5.4 + 1.4 * (0.8 * fit + 0.6 * z()))))
  v[S.employees] = employees
  v[S.annual_revenue] = Math.round((employees * Math.exp(12 + 0.5 * z())) / 1000) * 1000
  labels[S.industry] = pick(r, r() < sigmoid(fit - 1) ? STRONG_INDUSTRIES : INDUSTRIES)
  labels[S.country] = pick(r, COUNTRIES)
  labels[S.lead_source] = pick(r, r() < sigmoid(intent - 1.5) ? HOT_SOURCES : SOURCES)
  const opens = count(1.1 + 0.9 * intent, 0.5 * z())
  const views = count(2.3 + 1.1 * intent, 0.6 * z())
  const clickRate = Math.min(1, Math.max(0, 0.2 + 0.1 * intent + 0.05 * z()))
  v[S.email_opens_90d] = opens
  v[S.email_clicks_90d] = Math.round(opens * clickRate)
  v[S.page_views_30d] = views
  v[S.sessions_30d] = views === 0 ? 0 : Math.max(1, Math.round(views / (1.5 + 2 * r())))
  v[S.avg_session_seconds] =
    views === 0 ? NaN : Math.round(Math.exp(4.5 + 0.4 * intent + 0.6 * z()))
  v[S.form_fills_90d] = count(-0.8 + 0.8 * intent, 0.4 * z())
  v[S.pricing_page_views_30d] = count(-0.4 + 1.1 * intent, 0.5 * z())
  const bounce = 0.06 + 0.1 * Math.abs(z()) - 0.02 * fit
  v[S.bounce_rate] = Math.round(1000 * Math.min(1, Math.max(0, bounce))) / 1000
  const demo = r() < sigmoid(-1.2 + 1.8 * intent)
  v[S.demo_requested] = demo ? 1 : 0
  v[S.trial_started] = r() < sigmoid(-2.2 + 1.2 * intent + (demo ? 0.8 : 0)) ? 1 : 0
  v[S.newsletter_opt_in] = r() < 0.4 ? 1 : 0
  // About 1% of activity lies a little in the future: CRM clocks and imports are not in sync.
  const daysAgo = r() < 0.01 ? -3 * r() : Math.exp(2.3 - 1.1 * intent + 0.7 * z())
  const lastActivity = daysBefore(DEMO_AS_OF, daysAgo)
  v[S.last_activity_at] = lastActivity
  v[S.last_email_open_at] = opens === 0 ? NaN : daysBefore(lastActivity, Math.exp(0.5 + 0.8 * z()))
  v[S.last_page_view_at] = views === 0 ? NaN : daysBefore(lastActivity, Math.exp(0.3 + 0.8 * z()))
  v[S.created_at] = daysBefore(lastActivity, Math.exp(4 + z()))
}

/** The demo leads' outcome column: whether the lead converted (absent while still unknown). */
export const DEMO_OUTCOME_FIELD = 'converted'

/**
 * The hidden rule behind `converted`: asking for a demo, starting a trial and recent activity matter
 * most, company size and industry little — unlike DEMO_MODEL's weights, so fitting them pays off. A
 * lead converts with the logistic of this score, so the data is noisy as real outcomes are; 4% of
 * the leads are too recent to know (NaN).
 */
function drawConversion(r: Random, v: Float64Array): number {
  if (r() < 0.04) return NaN
  const days = Math.max(0, (DEMO_AS_OF - (v[S.last_activity_at] as number)) / DAY)
  const views = v[S.page_views_30d] as number
  const score =
    -4.4 +
    1.6 * (v[S.demo_requested] as number) +
    1.1 * (v[S.trial_started] as number) +
    2.2 * Math.pow(0.5, days / 10) +
    0.6 * Math.min(1, Math.log1p(views) / Math.log(51)) +
    0.15 * Math.min(1, Math.log(Math.max(1, v[S.employees] as number)) / Math.log(10000))
  return r() < sigmoid(score) ? 1 : 0
}

type Emit = (
  row: number,
  values: Float64Array,
  labels: string[],
  styles: readonly Style[],
  converted: number,
) => void

/** Draws count leads (values, labels and the style each field is written in) and hands each on. */
function generate(count: number, seed: number, emit: Emit): void {
  const r = seededRandom(seed)
  const z = normalFrom(r)
  const values = new Float64Array(FIELDS.length)
  const labels = new Array<string>(FIELDS.length).fill('')
  const styles = new Array<Style>(FIELDS.length)
  // Outcomes come from their own stream, so adding them left every other value as it was.
  const outcomes = seededRandom(seed ^ 0x2c1b3c6d)
  for (let row = 0; row < count; row++) {
    drawLead(r, z, values, labels)
    // Three styles per uniform number: 30 random bits, 10 for each pick.
    let bits = 0
    for (let f = 0; f < FIELDS.length; f++) {
      if (f % 3 === 0) bits = (r() * 0x40000000) | 0
      const spec = FIELDS[f] as FieldSpec
      styles[f] = spec.styles[spec.lookup[bits & 1023] as number] as Style
      bits >>>= 10
    }
    emit(row, values, labels, styles, drawConversion(outcomes, values))
  }
}

/**
 * Realistic, messy CRM leads: numbers sometimes as strings ("250", " 1200 ", "1,200", "n/a"), booleans
 * as true/"yes"/"1"/"Yes"/""/null, dates as ISO with and without offsets, epoch ms or junk, fields
 * missing; `converted` (true/false, absent while unknown) is the outcome. The same count and seed always give the same leads, relative to DEMO_AS_OF.
 */
export function generateDemoLeads(count: number, seed: number): Lead[] {
  const leads: Lead[] = []
  // Names come from their own stream so the values match generateDemoColumns row for row.
  const names = seededRandom(seed ^ 0x5bd1e995)
  generate(count, seed, (row, values, labels, styles, converted) => {
    const lead: Lead = {
      id: `lead-${String(row + 1).padStart(6, '0')}`,
      company: companyName(names),
    }
    FIELDS.forEach((spec, f) => {
      const written = writeField(
        spec.kind,
        values[f] as number,
        labels[f] as string,
        styles[f] as Style,
        row,
      )
      if (written !== ABSENT) lead[spec.name] = written
    })
    if (converted === converted) lead[DEMO_OUTCOME_FIELD] = converted === 1
    leads.push(lead)
  })
  return leads
}

function writeField(kind: Reader, x: number, label: string, style: Style, row: number): unknown {
  if (kind === 'category') return style.read === READ.exact ? label : style.write(0, row)
  return x !== x ? ABSENT : style.write(x, row)
}

/**
 * The same leads as generateDemoLeads(count, seed), held by column as the engine reads them: numbers,
 * epoch-ms dates and booleans (1/0) in Float64Arrays with NaN for missing, categories as strings with
 * undefined for missing. Scoring these columns gives exactly the totals of scoring those leads.
 */
export function generateDemoColumns(count: number, seed: number): LeadColumns {
  const floats = FIELDS.map((f) => (f.kind === 'category' ? null : new Float64Array(count)))
  const strings = FIELDS.map((f) =>
    f.kind === 'category' ? new Array<string | undefined>(count).fill(undefined) : null,
  )
  const converted = new Float64Array(count)
  generate(count, seed, (row, values, labels, styles, outcome) => {
    converted[row] = outcome
    for (let f = 0; f < FIELDS.length; f++) {
      const style = styles[f] as Style
      const out = floats[f]
      if (out) out[row] = readBack(style.read, values[f] as number)
      else
        (strings[f] as (string | undefined)[])[row] =
          style.read === READ.exact ? labels[f] : undefined
    }
  })
  const columns: Record<string, Float64Array | (string | undefined)[]> = {}
  FIELDS.forEach((f, i) => (columns[f.name] = (floats[i] ?? strings[i]) as Float64Array))
  columns[DEMO_OUTCOME_FIELD] = converted
  return { length: count, columns }
}

function companyName(r: Random): string {
  const first = FIRST_NAMES[Math.floor(r() * FIRST_NAMES.length)] as string
  const second = SECOND_NAMES[Math.floor(r() * SECOND_NAMES.length)] as string
  const suffix = SUFFIXES[Math.floor(r() * SUFFIXES.length)] as string
  return suffix === '' ? `${first} ${second}` : `${first} ${second} ${suffix}`
}
