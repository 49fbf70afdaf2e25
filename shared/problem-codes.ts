/** Stable `code`s of problem responses and domain failures; clients and tests rely on them. */
export const PROBLEM_CODES = {
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not-found',
  badJson: 'bad-json',
  invalidRequest: 'invalid-request',
  invalidModel: 'invalid-model',
  modelExists: 'model-exists',
  modelNotFound: 'model-not-found',
  snapshotNotFound: 'snapshot-not-found',
  draftNotAModel: 'draft-not-a-model',
  payloadTooLarge: 'payload-too-large',
  internal: 'internal',
  // Promotion, production, scoring, datasets and webhooks.
  selfApproval: 'self-approval',
  staleRequest: 'stale-request',
  requestNotPending: 'request-not-pending',
  promotionNotFound: 'promotion-not-found',
  snapshotHashMismatch: 'snapshot-hash-mismatch',
  notInProduction: 'not-in-production',
  versionNotFound: 'version-not-found',
  notAnEarlierVersion: 'not-an-earlier-version',
  batchTooLarge: 'batch-too-large',
  rateLimited: 'rate-limited',
  datasetNotFound: 'dataset-not-found',
  invalidCsv: 'invalid-csv',
  unsupportedMediaType: 'unsupported-media-type',
  webhookNotFound: 'webhook-not-found',
  webhookTargetRefused: 'webhook-target-refused',
  // The browser app.
  appNotBuilt: 'app-not-built',
} as const
export type ProblemCode = (typeof PROBLEM_CODES)[keyof typeof PROBLEM_CODES]
