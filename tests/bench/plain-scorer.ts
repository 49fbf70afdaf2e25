import type { LeadColumns } from '../../engine/lead-columns.ts'
import { DEMO_FIELDS } from '../../engine/demo-leads.ts'
import type { Model } from '../../shared/model-schema.ts'

/** A lead as a plain object: numbers, epoch-ms dates, true/false and labels; null when missing. */
export type PlainLead = Record<string, number | string | boolean | null>

/** The first `count` rows of columnar demo data as plain lead objects. */
export function plainLeadsOf(data: LeadColumns, count: number): PlainLead[] {
  const leads: PlainLead[] = []
  for (let i = 0; i < count; i++) {
    const lead: PlainLead = {}
    for (const { name, reader } of DEMO_FIELDS) {
      const x = (data.columns[name] as ArrayLike<unknown>)[i]
      if (reader === 'category') lead[name] = x === undefined ? null : (x as string)
      else if (Number.isNaN(x)) lead[name] = null
      else lead[name] = reader === 'boolean' ? x === 1 : (x as number)
    }
    leads.push(lead)
  }
  return leads
}

/**
 * Scoring as a developer would first write it: for each lead, for each factor, read the field,
 * apply the transform, add weight × value; then find the tier. Returns the totals.
 */
export function scorePlain(model: Model, leads: readonly PlainLead[], asOf: number): Float64Array {
  const totals = new Float64Array(leads.length)
  const tiers = [...model.tiers].sort((a, b) => b.min - a.min)
  const tierOf: string[] = []
  leads.forEach((lead, i) => {
    let total = 0
    for (const factor of model.factors) {
      const x = lead[factor.field]
      let v: number
      if (x === null || x === undefined) {
        v = factor.missing
      } else {
        const t = factor.transform
        switch (t.kind) {
          case 'linear': {
            const s = Math.min(1, Math.max(0, ((x as number) - t.min) / (t.max - t.min)))
            v = t.invert ? 1 - s : s
            break
          }
          case 'log':
            v =
              (x as number) <= 0
                ? 0
                : Math.min(
                    1,
                    Math.max(
                      0,
                      (Math.log(x as number) - Math.log(t.min)) /
                        (Math.log(t.max) - Math.log(t.min)),
                    ),
                  )
            break
          case 'buckets': {
            let k = 0
            while (k < t.edges.length && (x as number) >= (t.edges[k] as number)) k++
            v = t.scores[k] as number
            break
          }
          case 'category':
            v = Object.hasOwn(t.map, x as string) ? (t.map[x as string] as number) : t.default
            break
          case 'boolean':
            v = x === true ? t.whenTrue : t.whenFalse
            break
          case 'recency':
            v = Math.pow(0.5, Math.max(0, (asOf - (x as number)) / 86_400_000) / t.halfLifeDays)
            break
        }
      }
      total += factor.weight * v
    }
    totals[i] = total
    tierOf[i] = tiers.find((t) => t.min <= total + 1e-9)?.name ?? ''
  })
  return totals
}
