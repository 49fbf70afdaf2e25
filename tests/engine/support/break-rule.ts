import { FINDING_CODES, type FindingCode } from '../../../shared/finding-codes.ts'
import type { Factor, Model, Transform } from '../../../shared/model-schema.ts'

/** Every error code a model can be mutated to trigger. */
export const ERROR_CODES = [
  FINDING_CODES.schema,
  FINDING_CODES.weightSum,
  FINDING_CODES.weightRange,
  FINDING_CODES.noPositiveWeight,
  FINDING_CODES.duplicateFactorId,
  FINDING_CODES.rangeOrder,
  FINDING_CODES.logMinNotPositive,
  FINDING_CODES.halfLifeNotPositive,
  FINDING_CODES.edgesNotIncreasing,
  FINDING_CODES.scoresLength,
  FINDING_CODES.scoreRange,
  FINDING_CODES.tierOrder,
  FINDING_CODES.lastTierMin,
] as const satisfies readonly FindingCode[]

/**
 * The error codes a broken model must get: the broken rule alone, except that weights that are
 * all zero cannot sum to 1 either.
 */
export function expectedErrorCodes(code: FindingCode): FindingCode[] {
  return code === FINDING_CODES.noPositiveWeight ? [code, FINDING_CODES.weightSum] : [code]
}

/** JSON round trip: a deep copy that keeps own "__proto__" keys as keys. */
function copy(model: Model): Model {
  return JSON.parse(JSON.stringify(model)) as Model
}

/**
 * A copy of a valid model that breaks exactly the rule of `code` (and no other rule).
 * `pick` chooses where, `amount` ∈ (0, 1] how far.
 */
export function breakRule(valid: Model, code: FindingCode, pick: number, amount: number): Model {
  const m = copy(valid)
  const factors = m.factors
  const n = factors.length
  const at = pick % n
  const target = factors[at] as Factor
  const setTransform = (transform: Transform): void => {
    target.transform = transform
  }
  switch (code) {
    case FINDING_CODES.schema:
      ;(target as unknown as { weight: unknown }).weight = String(target.weight)
      break
    case FINDING_CODES.weightSum:
      // Scaling down keeps every weight in [0, 1] and the largest one positive.
      for (const f of factors) f.weight *= 0.5 * amount
      break
    case FINDING_CODES.weightRange: {
      // Two weights out of range that still sum to 1; the rest 0.
      if (n === 1) factors.push({ ...target, id: `${target.id}-copy` })
      factors.forEach((f, i) => (f.weight = i === 0 ? 1 + amount : i === 1 ? -amount : 0))
      break
    }
    case FINDING_CODES.noPositiveWeight:
      for (const f of factors) f.weight = 0
      break
    case FINDING_CODES.duplicateFactorId:
      factors.push({ ...target, weight: 0 })
      break
    case FINDING_CODES.rangeOrder: {
      const low = 1 + amount
      if (pick % 3 === 0) setTransform({ kind: 'linear', min: low, max: low })
      else if (pick % 3 === 1)
        setTransform({ kind: 'linear', min: low + 1, max: low, invert: true })
      else setTransform({ kind: 'log', min: low * 10, max: low })
      break
    }
    case FINDING_CODES.logMinNotPositive:
      setTransform({ kind: 'log', min: pick % 2 === 0 ? 0 : -10 * amount, max: 1 + amount })
      break
    case FINDING_CODES.halfLifeNotPositive:
      setTransform({ kind: 'recency', halfLifeDays: pick % 2 === 0 ? 0 : -100 * amount })
      break
    case FINDING_CODES.edgesNotIncreasing: {
      const edges = pick % 2 === 0 ? [0, amount, amount] : [5, amount, 10]
      setTransform({ kind: 'buckets', edges, scores: [0, 0.25, 0.5, 1] })
      break
    }
    case FINDING_CODES.scoresLength:
      setTransform({
        kind: 'buckets',
        edges: [0, 1],
        scores: pick % 2 === 0 ? [0, 1] : [0, 0.5, 0.7, 1],
      })
      break
    case FINDING_CODES.scoreRange:
      breakScore(target, pick, pick % 4 === 0 ? -amount : 1 + amount)
      break
    case FINDING_CODES.tierOrder: {
      const k = pick % m.tiers.length
      const tier = m.tiers[k] as Model['tiers'][number]
      m.tiers.splice(k, 0, { name: `${tier.name}-again`, min: tier.min })
      break
    }
    case FINDING_CODES.lastTierMin: {
      const last = m.tiers.at(-1) as Model['tiers'][number]
      const prev = m.tiers.at(-2)
      if (pick % 2 === 0) last.min = -amount
      else last.min = prev === undefined ? amount : prev.min * amount * 0.5
      break
    }
    default:
      throw new Error(`no mutation for ${code}`)
  }
  return m
}

/** Puts an out-of-range score at one of the factor's score locations. */
function breakScore(factor: Factor, pick: number, bad: number): void {
  const t = factor.transform
  const choice = Math.floor(pick / 4)
  if (choice % 2 === 0) {
    factor.missing = bad
    return
  }
  switch (t.kind) {
    case 'buckets':
      t.scores[choice % t.scores.length] = bad
      return
    case 'category': {
      const keys = Object.keys(t.map)
      if (keys.length === 0) {
        t.default = bad
        return
      }
      const key = keys[choice % keys.length] as string
      // defineProperty, not assignment: the key may be "__proto__".
      Object.defineProperty(t.map, key, { value: bad, enumerable: true, writable: true })
      return
    }
    case 'boolean':
      if (choice % 4 === 1) t.whenTrue = bad
      else t.whenFalse = bad
      return
    default:
      factor.missing = bad
  }
}
