/**
 * One factor as the editor shows it, read leniently from the doc's model-shaped JSON: a peer may
 * have written anything, so each field keeps what is there and the validator reports what is wrong.
 */
export interface FactorView {
  id: string
  label: string
  field: string
  /** NaN when the doc holds no number there. */
  weight: number
  missing: number
  transform: Record<string, unknown>
}

export interface TierView {
  /** The tier's key in the doc ('' for an older doc, whose tiers have no ids yet). */
  id: string
  name: string
  min: number
}

/** The factors of model-shaped JSON, in their order, skipping entries that are not factors at all. */
export function readFactorViews(input: unknown): FactorView[] {
  const factors = isRecord(input) && Array.isArray(input.factors) ? input.factors : []
  return factors.filter(isRecord).map((f) => ({
    id: typeof f.id === 'string' ? f.id : '',
    label: typeof f.label === 'string' ? f.label : '',
    field: typeof f.field === 'string' ? f.field : '',
    weight: typeof f.weight === 'number' ? f.weight : NaN,
    missing: typeof f.missing === 'number' ? f.missing : NaN,
    transform: isRecord(f.transform) ? f.transform : {},
  }))
}

/** The tiers of model-shaped JSON (without ids: the controller adds them from the doc). */
export function readTierViews(input: unknown): Omit<TierView, 'id'>[] {
  const tiers = isRecord(input) && Array.isArray(input.tiers) ? input.tiers : []
  return tiers.filter(isRecord).map((t) => ({
    name: typeof t.name === 'string' ? t.name : '',
    min: typeof t.min === 'number' ? t.min : NaN,
  }))
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
