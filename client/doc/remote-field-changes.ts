import type { FactorView, TierView } from './factor-view.ts'

/**
 * A field of the editor: `<factorId>/<key>` for a factor's field (`weight`, `transform.max`,
 * `transform` for its kind), `/name` and `/description` for the model's, `tier:<id>/<key>` for a
 * tier's.
 */
export type FieldKey = string

interface Draftish {
  input: Record<string, unknown>
  factors: readonly FactorView[]
  tiers: readonly TierView[]
}

/** The fields whose value differs between two drafts (factors and tiers matched by id). */
export function remoteFieldChanges(before: Draftish, after: Draftish): FieldKey[] {
  const keys: FieldKey[] = []
  for (const key of ['name', 'description']) {
    if (!same(before.input[key], after.input[key])) keys.push(`/${key}`)
  }
  const previous = new Map(before.factors.map((f) => [f.id, f]))
  for (const factor of after.factors) {
    const old = previous.get(factor.id)
    if (old === undefined) continue
    for (const key of ['label', 'field', 'weight', 'missing'] as const) {
      if (!same(old[key], factor[key])) keys.push(`${factor.id}/${key}`)
    }
    if (old.transform.kind !== factor.transform.kind) keys.push(`${factor.id}/transform`)
    else {
      const params = new Set([...Object.keys(old.transform), ...Object.keys(factor.transform)])
      for (const key of params) {
        if (!same(old.transform[key], factor.transform[key]))
          keys.push(`${factor.id}/transform.${key}`)
      }
    }
  }
  const tiers = new Map(before.tiers.map((t) => [t.id, t]))
  for (const tier of after.tiers) {
    const old = tiers.get(tier.id)
    if (old === undefined || tier.id === '') continue
    if (!same(old.name, tier.name)) keys.push(`tier:${tier.id}/name`)
    if (!same(old.min, tier.min)) keys.push(`tier:${tier.id}/min`)
  }
  return keys
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b)
}
