import { expect } from 'vitest'
import { compileModel } from '../../../engine/compile-model.ts'
import { createColumnScorer } from '../../../engine/create-column-scorer.ts'
import { columnsFromLeads, type LeadColumns } from '../../../engine/lead-columns.ts'
import { scoreColumns } from '../../../engine/score-columns.ts'
import { scoreLeads } from '../../../engine/score-lead.ts'
import type { Lead } from '../../../shared/lead-schema.ts'
import type { Model, Transform } from '../../../shared/model-schema.ts'
import type { ScoreResult } from '../../../shared/score-result-schema.ts'

/** Marks a lead that does not have the field at all. */
export const ABSENT = Symbol('absent')

/** A fixed scoring instant: 2024-06-15T12:00:00Z. */
export const AS_OF = Date.UTC(2024, 5, 15, 12, 0, 0)

export const MS_PER_DAY = 86_400_000

/** A valid one-factor model reading field "x" with weight 1, so a lead's contribution is v itself. */
export function factorModel(transform: Transform, missing = 0): Model {
  return {
    id: 'one-factor',
    name: 'One factor',
    factors: [{ id: 'f', label: 'F', field: 'x', weight: 1, missing, transform }],
    tiers: [{ name: 'all', min: 0 }],
  }
}

/** A lead holding `raw` in field "x" (no field at all for ABSENT). */
export function leadWith(raw: unknown): Lead {
  return raw === ABSENT ? {} : { x: raw }
}

/**
 * v of each raw value, read from scoreLead's contribution (weight 1 × v), after checking that
 * scoreColumns and a ColumnScorer give the same results bit for bit.
 */
export function valuesOf(model: Model, raws: readonly unknown[], asOf = AS_OF): number[] {
  const results = scoreEverywhere(model, raws.map(leadWith), asOf)
  return results.map((r) => r.contributions['f'] as number)
}

/** v of one raw value for a one-factor model built from the transform. */
export function valueOf(
  transform: Transform,
  raw: unknown,
  { missing = 0, asOf = AS_OF }: { missing?: number; asOf?: number } = {},
): number {
  return valuesOf(factorModel(transform, missing), [raw], asOf)[0] as number
}

/**
 * Scores leads lead by lead, then checks that the columnar paths (plain columns, typed columns
 * where the data allows, and an incremental ColumnScorer) agree exactly; returns scoreLead's results.
 */
export function scoreEverywhere(model: Model, leads: readonly Lead[], asOf = AS_OF): ScoreResult[] {
  const compiled = compileModel(model)
  const expected = scoreLeads(compiled, leads, { asOf })
  for (const data of [columnsFromLeads(leads), typedColumns(leads)]) {
    if (data === undefined) continue
    const columns = scoreColumns(compiled, data, { asOf })
    const scorer = createColumnScorer(data, model, { asOf })
    expected.forEach((r, i) => {
      const t = columns.tierIndex[i] as number
      expect(columns.totals[i], `scoreColumns total of lead ${i}`).toBe(r.total)
      expect(t < 0 ? null : compiled.tierNames[t], `scoreColumns tier of lead ${i}`).toBe(r.tier)
      expect(scorer.totals[i], `ColumnScorer total of lead ${i}`).toBe(r.total)
      expect(scorer.result(i), `ColumnScorer result of lead ${i}`).toEqual(r)
    })
  }
  return expected
}

/** The leads as Float64Array columns (NaN = missing) when every value is a finite number or absent. */
function typedColumns(leads: readonly Lead[]): LeadColumns | undefined {
  const fields = [...new Set(leads.flatMap((lead) => Object.keys(lead)))]
  const entries: [string, Float64Array][] = []
  for (const field of fields) {
    const values = leads.map((lead) => (Object.hasOwn(lead, field) ? lead[field] : undefined))
    if (!values.every((v) => v === undefined || v === null || Number.isFinite(v))) return undefined
    entries.push([field, Float64Array.from(values, (v) => (typeof v === 'number' ? v : NaN))])
  }
  return { length: leads.length, columns: Object.fromEntries(entries) }
}
