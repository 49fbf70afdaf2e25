import { DEMO_FIELDS } from '../../engine/demo-leads.ts'
import type { LeadColumns } from '../../engine/lead-columns.ts'
import type { Factor, Model, Transform } from '../../shared/model-schema.ts'

const NUMERIC_KINDS = ['log', 'linear', 'buckets'] as const

/**
 * A model with one factor per demo field (20), built from the data: numeric fields take log, linear
 * and buckets in turn with ranges from the column's quantiles, dates recency, flags boolean and
 * labels a category map of their most common values. Weights are uneven and sum to 1.
 */
export function buildBenchModel(data: LeadColumns): Model {
  let numeric = 0
  const factors = DEMO_FIELDS.map(({ name, reader }, i): Factor => {
    const column = data.columns[name]
    const transform: Transform =
      reader === 'number'
        ? numericTransform(
            NUMERIC_KINDS[numeric++ % 3] as (typeof NUMERIC_KINDS)[number],
            column as Float64Array,
          )
        : reader === 'instant'
          ? { kind: 'recency', halfLifeDays: [14, 30, 7, 180][i % 4] as number }
          : reader === 'boolean'
            ? { kind: 'boolean', whenTrue: 1, whenFalse: 0.1 * (i % 3) }
            : categoryTransform(column as readonly (string | undefined)[])
    return {
      id: name.replaceAll('_', '-'),
      label: name,
      field: name,
      weight: 1 + (i % 5),
      missing: 0.1 * (i % 4),
      transform,
    }
  })
  const sum = factors.reduce((a, f) => a + f.weight, 0)
  return {
    id: 'bench-20',
    name: 'Benchmark model (20 factors)',
    factors: factors.map((f) => ({ ...f, weight: f.weight / sum })),
    tiers: [
      { name: 'A', min: 0.7 },
      { name: 'B', min: 0.5 },
      { name: 'C', min: 0.3 },
      { name: 'D', min: 0 },
    ],
  }
}

/** The same model with one factor's weight moved to another (still summing to 1). */
export function withWeightMoved(model: Model, from: number, to: number, amount: number): Model {
  const factors = model.factors.map((f, i) =>
    i === from
      ? { ...f, weight: f.weight - amount }
      : i === to
        ? { ...f, weight: f.weight + amount }
        : f,
  )
  return { ...model, factors }
}

/** The same model with one factor's transform replaced. */
export function withTransform(model: Model, index: number, transform: Transform): Model {
  return { ...model, factors: model.factors.map((f, i) => (i === index ? { ...f, transform } : f)) }
}

function numericTransform(kind: (typeof NUMERIC_KINDS)[number], column: Float64Array): Transform {
  const [p10, p50, p90] = quantiles(column, [0.1, 0.5, 0.9])
  const low = Math.max(p10, 1e-3)
  const high = Math.max(p90, low * 2)
  switch (kind) {
    case 'log':
      return { kind, min: low, max: high }
    case 'linear':
      return { kind, min: p10, max: high, invert: p50 < 1 }
    case 'buckets':
      return { kind, edges: [low, Math.max(p50, low * 1.5), high], scores: [0, 0.3, 0.7, 1] }
  }
}

/** Quantiles of the first 10,000 present values (plenty to place a range). */
function quantiles(column: Float64Array, qs: readonly number[]): [number, number, number] {
  const present = Array.from(column.subarray(0, 10_000)).filter((x) => !Number.isNaN(x))
  present.sort((a, b) => a - b)
  return qs.map((q) => present[Math.floor(q * (present.length - 1))] ?? 0) as [
    number,
    number,
    number,
  ]
}

/** The six most common labels, scored from 1 down; anything else scores 0.2. */
function categoryTransform(column: readonly (string | undefined)[]): Transform {
  const counts = new Map<string, number>()
  for (const x of column.slice(0, 10_000))
    if (x !== undefined) counts.set(x, (counts.get(x) ?? 0) + 1)
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6)
  return {
    kind: 'category',
    map: Object.fromEntries(top.map(([key], k) => [key, 1 - k * 0.15])),
    default: 0.2,
  }
}
