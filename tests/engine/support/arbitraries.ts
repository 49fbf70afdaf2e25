import fc from 'fast-check'
import { normalizeWeights } from '../../../engine/normalize-weights.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { Factor, Model, Tier, Transform } from '../../../shared/model-schema.ts'
import { ABSENT, MS_PER_DAY } from './score-everywhere.ts'

/** Fields factors read and leads hold; few, so factors often share a field through different readers. */
export const FIELDS = ['a', 'b', 'c', 'd', '__proto__'] as const

/** A score or weight in [0, 1]: mostly plain decimals (so values differ visibly), sometimes any double. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
)
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true })
const positive = fc.double({ min: 1e-6, max: 1e9, noNaN: true })

/** Two different numbers, ascending. */
const range = (xs: fc.Arbitrary<number>) =>
  fc
    .tuple(xs, xs)
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)

export const CATEGORY_KEYS = [
  'a',
  'b',
  'A',
  ' a',
  '1',
  '0',
  'true',
  'false',
  'yes',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
] as const

/** A valid transform of any of the six kinds. */
export const transformArb: fc.Arbitrary<Transform> = fc.oneof(
  fc
    .tuple(range(finite), fc.option(fc.boolean(), { nil: undefined }))
    .map(([[min, max], invert]): Transform =>
      invert === undefined ? { kind: 'linear', min, max } : { kind: 'linear', min, max, invert },
    ),
  range(positive).map(([min, max]): Transform => ({ kind: 'log', min, max })),
  fc
    .uniqueArray(finite, { maxLength: 5, comparator: 'SameValueZero' })
    .map((edges) => [...edges].sort((x, y) => x - y))
    .chain((edges) =>
      fc
        .array(unit, { minLength: edges.length + 1, maxLength: edges.length + 1 })
        .map((scores): Transform => ({ kind: 'buckets', edges, scores })),
    ),
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom(...CATEGORY_KEYS), fc.string()), unit), {
        maxLength: 5,
        selector: ([key]) => key,
      }),
      unit,
    )
    // fromEntries defines own properties, so a "__proto__" key is a key like any other.
    .map(([entries, fallback]): Transform => ({
      kind: 'category',
      map: Object.fromEntries(entries),
      default: fallback,
    })),
  fc.tuple(unit, unit).map(([whenTrue, whenFalse]): Transform => ({
    kind: 'boolean',
    whenTrue,
    whenFalse,
  })),
  fc
    .double({ min: 1e-3, max: 3650, noNaN: true })
    .map((halfLifeDays): Transform => ({ kind: 'recency', halfLifeDays })),
)

/** A factor before ids are assigned and weights normalized. */
export interface FactorDraft {
  readonly field: string
  readonly label: string
  readonly rawWeight: number
  readonly missing: number
  readonly transform: Transform
}

export const factorDraftArb: fc.Arbitrary<FactorDraft> = fc.record({
  field: fc.constantFrom(...FIELDS),
  label: fc.string({ maxLength: 8 }),
  rawWeight: fc.oneof(unit, unit, fc.constant(0)),
  missing: unit,
  transform: transformArb,
})

/** Valid tiers: distinct positive mins, strictly decreasing, then a last tier at 0. */
export const tiersArb: fc.Arbitrary<Tier[]> = fc
  .uniqueArray(fc.double({ min: 1e-6, max: 1.2, noNaN: true }), { maxLength: 4 })
  .map((mins) => [...[...mins].sort((x, y) => y - x), 0].map((min, i) => ({ name: `t${i}`, min })))

/** A model that passes validation: every kind, normalized weights, valid parameters and tiers. */
export const validModelArb: fc.Arbitrary<Model> = fc
  .tuple(fc.array(factorDraftArb, { minLength: 1, maxLength: 6 }), tiersArb)
  .map(([drafts, tiers]) => {
    const raw = drafts.map((d) => d.rawWeight)
    if (!raw.some((w) => w > 0)) raw[0] = 1
    const weights = normalizeWeights(raw)
    const factors: Factor[] = drafts.map((d, i) => ({
      id: `f${i}`,
      label: d.label,
      field: d.field,
      weight: weights[i] as number,
      missing: d.missing,
      transform: d.transform,
    }))
    return { id: 'generated', name: 'Generated', factors, tiers }
  })

const isoDateArb = fc.date({
  min: new Date('1950-01-01T00:00:00Z'),
  max: new Date('2100-01-01T00:00:00Z'),
  noInvalidDate: true,
})

/** An instant written as ISO-8601: with "Z", without an offset (UTC), with an offset, or a date only. */
export const dateStringArb = fc
  .tuple(isoDateArb, fc.constantFrom('Z', 'none', '+02:00', '-05:30', 'date'))
  .map(([date, form]) => {
    const iso = date.toISOString()
    if (form === 'Z') return iso
    if (form === 'none') return iso.slice(0, -1)
    if (form === 'date') return iso.slice(0, 10)
    const sign = form.startsWith('-') ? -1 : 1
    const [h, m] = form.slice(1).split(':').map(Number) as [number, number]
    const local = new Date(date.getTime() + sign * (h * 60 + m) * 60_000).toISOString()
    return local.slice(0, -1) + form
  })

/** Any raw lead value: ABSENT, null, numbers (NaN and infinities too), booleans, all kinds of strings. */
export const rawValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(ABSENT, null, undefined, '', '  ', true, false, 0, 1, -0),
  fc.double(),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.double({ noNaN: true }).map((x) => String(x)),
  fc.integer({ min: -50, max: 5000 }).map((x) => ` ${x} `),
  fc.constantFrom(
    'yes',
    'no',
    'true',
    'false',
    '1',
    '0',
    'Yes',
    'TRUE',
    '0x10',
    '1e3',
    '-5',
    '12.5',
    'Infinity',
    'abc',
    'not a date',
  ),
  fc.constantFrom(...CATEGORY_KEYS),
  fc.string({ maxLength: 6 }),
  dateStringArb,
  fc.integer({ min: -1000, max: 1000 }).map((days) => Date.UTC(2024, 0, 1) + days * MS_PER_DAY),
  fc.integer({ min: 0, max: 4_000_000_000_000 }).map(String),
)

/** A lead over FIELDS; ABSENT fields are left out. Own properties, "__proto__" included. */
export const leadArb: fc.Arbitrary<Lead> = fc
  .array(rawValueArb, { minLength: FIELDS.length, maxLength: FIELDS.length })
  .map((values) =>
    Object.fromEntries(
      FIELDS.flatMap((field, i) => (values[i] === ABSENT ? [] : [[field, values[i]]])),
    ),
  )

/** A scoring instant between 2000 and 2040. */
export const asOfArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })
