import type { Lead } from '../../../shared/lead-schema.ts'

/** A small deterministic generator (mulberry32), so the dataset is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const ODD_VALUES: readonly unknown[] = [
  null,
  undefined,
  '',
  '  ',
  'n/a',
  true,
  false,
  'yes',
  'no',
  '1',
  '0',
  1,
  0,
  -3,
  ' 42 ',
  '1e3',
  '0x10',
  'software',
  'Software',
  '__proto__',
  'constructor',
  NaN,
  Infinity,
  '2024-05-01T10:00:00Z',
  '2024-05-01T10:00:00',
  '2024-05-01T10:00:00+02:00',
  '1700000000000',
  '-5',
  '12.5',
  'not a date',
]

/** Leads whose every listed field holds a mix of plausible and messy values (or is absent). */
export function messyLeads(count: number, fields: readonly string[], seed: number): Lead[] {
  const random = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
  return Array.from({ length: count }, () => {
    const lead: Lead = {}
    for (const field of fields) {
      const r = random()
      if (r < 0.1) continue
      if (r < 0.4) lead[field] = pick(ODD_VALUES)
      else if (r < 0.6) lead[field] = Math.round(random() * 20_000) / 10
      else if (r < 0.7) lead[field] = Date.UTC(2024, 0, 1) + random() * 200 * 86_400_000
      else if (r < 0.85) lead[field] = pick(['software', 'fintech', 'retail', 'healthcare', 'x'])
      else lead[field] = random() < 0.5
    }
    return lead
  })
}
