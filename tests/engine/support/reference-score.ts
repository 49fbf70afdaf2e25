import type { Lead } from '../../../shared/lead-schema.ts'
import type { Factor, Model } from '../../../shared/model-schema.ts'
import type { ScoreResult } from '../../../shared/score-result-schema.ts'

/**
 * An independent, deliberately plain reading of the scoring contract in DESIGN.md, used as an
 * oracle: no compilation, no columns, one value at a time. Its ISO-8601 reading covers the forms
 * the tests generate (date, date-time with or without an offset) and relies on Date.parse.
 */
export function referenceScore(model: Model, lead: Lead, asOf: number): ScoreResult {
  const contributions: Record<string, number> = {}
  let total = 0
  for (const factor of model.factors) {
    const raw = Object.hasOwn(lead, factor.field) ? lead[factor.field] : undefined
    const contribution = factor.weight * referenceValue(factor, raw, asOf)
    contributions[factor.id] = contribution
    total += contribution
  }
  const byMin = [...model.tiers].sort((x, y) => y.min - x.min)
  const tier = byMin.find((t) => t.min <= total + 1e-9)
  return { total, tier: tier === undefined ? null : tier.name, contributions }
}

/** v of one raw value, or the factor's `missing`. */
export function referenceValue(factor: Factor, raw: unknown, asOf: number): number {
  const isMissing =
    raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')
  if (isMissing) return factor.missing
  const t = factor.transform
  const clamp = (v: number): number => Math.min(1, Math.max(0, v))
  switch (t.kind) {
    case 'linear': {
      const x = asNumber(raw)
      if (x === undefined) return factor.missing
      const v = clamp((x - t.min) / (t.max - t.min))
      return t.invert === true ? 1 - v : v
    }
    case 'log': {
      const x = asNumber(raw)
      if (x === undefined) return factor.missing
      if (x <= 0) return 0
      return clamp((Math.log(x) - Math.log(t.min)) / (Math.log(t.max) - Math.log(t.min)))
    }
    case 'buckets': {
      const x = asNumber(raw)
      if (x === undefined) return factor.missing
      const k = t.edges.filter((e) => x >= e).length
      return t.scores[k] as number
    }
    case 'category': {
      const key = String(raw)
      return Object.hasOwn(t.map, key) ? (t.map[key] as number) : t.default
    }
    case 'boolean':
      if ([true, 'true', 'yes', '1', 1].includes(raw as never)) return t.whenTrue
      if ([false, 'false', 'no', '0', 0].includes(raw as never)) return t.whenFalse
      return factor.missing
    case 'recency': {
      const x = asInstant(raw)
      if (x === undefined) return factor.missing
      const days = Math.max(0, (asOf - x) / 86_400_000)
      return Math.pow(0.5, days / t.halfLifeDays)
    }
  }
}

function asNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined
  if (typeof raw !== 'string') return undefined
  const n = Number(raw.trim())
  return Number.isFinite(n) ? n : undefined
}

function asInstant(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined
  if (typeof raw !== 'string') return undefined
  // ISO 8601 allows a space for the T between date and time.
  const s = raw.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T')
  if (/^[+-]?[0-9]+(\.[0-9]+)?$/.test(s)) return Number.isFinite(Number(s)) ? Number(s) : undefined
  if (!hasRealCalendarFields(s)) return undefined
  let ms = NaN
  // Date.parse reads a date-only form as UTC but a date-time without an offset as local time.
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) ms = Date.parse(s)
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(s)) ms = Date.parse(`${s}Z`)
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    ms = Date.parse(s)
  }
  return Number.isNaN(ms) ? undefined : ms
}

/** Date.parse rolls 2024-02-30 over to March and reads 24:00; the contract calls both unreadable. */
function hasRealCalendarFields(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s)
  if (m === null) return true
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1).map((x) => Number(x ?? 0))
  const date = new Date(Date.UTC(2000, (month as number) - 1, day))
  date.setUTCFullYear(year as number)
  const real = date.getUTCMonth() === (month as number) - 1 && date.getUTCDate() === day
  return real && (hour as number) <= 23 && (minute as number) <= 59 && (second as number) <= 59
}
