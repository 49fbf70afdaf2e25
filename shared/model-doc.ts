/**
 * The Y.Doc layout of a model: the only module that knows the doc's shape. Everyone else reads
 * and writes a model doc through these functions (DESIGN.md, "The Y.Doc layout").
 */
export {
  FACTORS_KEY,
  META_KEY,
  TESTS_KEY,
  TIERS_KEY,
  isModelTransaction,
  modelRoots,
  type FactorScalarKey,
  type TierKey,
} from './model-doc-layout.ts'
export {
  isEmptyModelInput,
  modelInputOf,
  orderedEntries,
  parseModelInput,
  readDocFields,
  readModel,
  readModelInput,
  type DocFields,
  type ReadModelResult,
} from './model-doc-read.ts'
export { writeModel, type WriteModelResult } from './model-doc-write.ts'
export {
  addFactor,
  addTier,
  moveFactor,
  newFactorId,
  removeFactor,
  removeTier,
  setDescription,
  setFactorField,
  setName,
  setOutcomeField,
  setTierField,
  setTiers,
  setTransform,
  setTransformKind,
  setTransformParam,
  setWeight,
  setWeights,
} from './model-doc-edit.ts'
export { addTests, newTestId, removeTest } from './model-doc-tests.ts'
export { diffDocFields, type FieldChange } from './model-doc-diff.ts'
