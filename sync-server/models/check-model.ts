import { failure, type Failure } from '../../shared/outcome.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import type { ModelCatalog } from './model-catalog.ts'

/** `model-not-found` unless the server holds the model. */
export async function checkModel(catalog: ModelCatalog, modelId: string): Promise<Failure | null> {
  return (await catalog.exists(modelId))
    ? null
    : failure(PROBLEM_CODES.modelNotFound, `There is no model "${modelId}".`)
}
