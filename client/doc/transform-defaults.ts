import type { Transform, TransformKind } from '../../shared/model-schema.ts'

/** A sensible starting transform of each kind, when an analyst switches a factor's kind. */
export function defaultTransform(kind: TransformKind): Transform {
  switch (kind) {
    case 'linear':
      return { kind, min: 0, max: 100 }
    case 'log':
      return { kind, min: 1, max: 1000 }
    case 'buckets':
      return { kind, edges: [1, 10], scores: [0, 0.5, 1] }
    case 'category':
      return { kind, map: {}, default: 0 }
    case 'boolean':
      return { kind, whenTrue: 1, whenFalse: 0 }
    case 'recency':
      return { kind, halfLifeDays: 30 }
  }
}
