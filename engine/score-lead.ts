import type { Lead } from '../shared/lead-schema.ts'
import type { ScoreOptions, ScoreResult } from '../shared/score-result-schema.ts'
import { tierIndexOf, type CompiledModel } from './compile-model.ts'

/** A lead's own property; inherited names such as "constructor" are absent, not values. */
export function fieldOf(lead: Lead, field: string): unknown {
  return Object.hasOwn(lead, field) ? lead[field] : undefined
}

/** Scores one lead: total = Σ weight × v in factor order, its tier and each factor's contribution. */
export function scoreLead(
  compiled: CompiledModel,
  lead: Lead,
  { asOf }: ScoreOptions,
): ScoreResult {
  const contributions: Record<string, number> = {}
  let total = 0
  for (const factor of compiled.factors) {
    const contribution = factor.weight * factor.value(fieldOf(lead, factor.field), asOf)
    contributions[factor.id] = contribution
    total += contribution
  }
  const t = tierIndexOf(compiled.tierMins, total)
  return { total, tier: t < 0 ? null : (compiled.tierNames[t] as string), contributions }
}

/** Scores a batch of leads, in order. */
export function scoreLeads(
  compiled: CompiledModel,
  leads: readonly Lead[],
  options: ScoreOptions,
): ScoreResult[] {
  return leads.map((lead) => scoreLead(compiled, lead, options))
}
