import { failure, type Failure } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { ModelCatalog } from './model-catalog.ts'

/**
 * `model-not-found` unless the server holds the model. A branch's doc is stored like a model's but
 * is none: it cannot be snapshotted, promoted, replaced or read as a model.
 */
export async function checkModel(catalog: ModelCatalog, modelId: string): Promise<Failure | null> {
  switch (await catalog.kindOf(modelId)) {
    case 'model':
      return null
    case 'branch':
      return failure(PROBLEM_CODES.modelNotFound, `"${modelId}" is a branch, not a model.`)
    case null:
      return failure(PROBLEM_CODES.modelNotFound, `There is no model "${modelId}".`)
  }
}
