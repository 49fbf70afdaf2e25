/** Stable codes of validation findings; tests and the UI (`data-finding-code`) rely on them. */
export const FINDING_CODES = {
  schema: 'schema',
  weightSum: 'weight-sum',
  weightRange: 'weight-range',
  noPositiveWeight: 'no-positive-weight',
  duplicateFactorId: 'duplicate-factor-id',
  rangeOrder: 'range-order',
  logMinNotPositive: 'log-min-not-positive',
  halfLifeNotPositive: 'half-life-not-positive',
  edgesNotIncreasing: 'edges-not-increasing',
  scoresLength: 'scores-length',
  scoreRange: 'score-range',
  tierOrder: 'tier-order',
  lastTierMin: 'last-tier-min',
  zeroWeight: 'zero-weight',
  fieldNotInDataset: 'field-not-in-dataset',
  emptyLabel: 'empty-label',
  testFailed: 'test-failed',
  duplicateTestId: 'duplicate-test-id',
} as const

export type FindingCode = (typeof FINDING_CODES)[keyof typeof FINDING_CODES]
