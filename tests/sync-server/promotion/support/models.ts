import { DEMO_MODEL } from '../../../../engine/demo-model.ts'
import type { Model } from '../../../../shared/model-schema.ts'

export const DEMO_ID = DEMO_MODEL.id

/** A small valid model over demo fields. */
export const SMALL_MODEL: Model = {
  id: 'small',
  name: 'Small',
  factors: [
    {
      id: 'size',
      label: 'Size',
      field: 'employees',
      weight: 0.6,
      missing: 0,
      transform: { kind: 'linear', min: 0, max: 1000 },
    },
    {
      id: 'demo',
      label: 'Demo',
      field: 'demo_requested',
      weight: 0.4,
      missing: 0,
      transform: { kind: 'boolean', whenTrue: 1, whenFalse: 0 },
    },
  ],
  tiers: [
    { name: 'hot', min: 0.5 },
    { name: 'cold', min: 0 },
  ],
}

/** The small model with its weights moved (still summing to 1): a different production candidate. */
export function reweighted(model: Model, id: string, first: number): Model {
  return {
    ...model,
    id,
    factors: model.factors.map((f, i) => ({ ...f, weight: i === 0 ? first : 1 - first })),
  }
}

/** Weights summing to 1.65: schema-valid, so it can be held and snapshotted, but never promoted. */
export const OVERWEIGHT_MODEL: Model = {
  ...SMALL_MODEL,
  id: 'overweight',
  factors: SMALL_MODEL.factors.map((f, i) => ({ ...f, weight: i === 0 ? 0.9 : 0.75 })),
}
