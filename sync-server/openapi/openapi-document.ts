import { z } from 'zod'
import * as Audit from '../../shared/audit-api-schemas.ts'
import * as Branch from '../../shared/branch-api-schemas.ts'
import * as Dataset from '../../shared/dataset-api-schemas.ts'
import { IdentitySchema, type Role } from '../../shared/identity-schema.ts'
import * as M from '../../shared/model-api-schemas.ts'
import { ModelSchema } from '../../shared/model-schema.ts'
import * as P from '../../shared/promotion-api-schemas.ts'
import * as Score from '../../shared/score-api-schemas.ts'
import * as Webhook from '../../shared/webhook-api-schemas.ts'
import { EventQuerySchema, WorkflowEventSchema } from '../../shared/workflow-event-schema.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'

/** One operation of the HTTP API, described by the zod schemas that parse or shape it. */
interface Operation {
  method: 'get' | 'post' | 'put' | 'delete'
  path: string
  tag: string
  summary: string
  /** The least role allowed; null: no token needed. */
  role: Role | null
  query?: z.ZodObject
  body?: z.ZodType | 'csv'
  ok: { status: number; description: string; schema?: z.ZodType; contentType?: string }
  /** Other success answers (JSON), e.g. 202 for what happens later. */
  also?: { status: number; description: string; schema: z.ZodType }[]
  errors?: number[]
}

export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.enum(Object.values(PROBLEM_CODES) as [string, ...string[]]),
  detail: z.string(),
})

const Json = z.record(z.string(), z.unknown())

const OPERATIONS: Operation[] = [
  // Models and snapshots (the sync server's own routes).
  {
    method: 'get',
    path: '/api/models',
    tag: 'models',
    summary: 'List models with finding counts and their production version',
    role: 'viewer',
    ok: { status: 200, description: 'The models', schema: M.ModelListSchema },
  },
  {
    method: 'post',
    path: '/api/models',
    tag: 'models',
    summary: 'Import a model as a new draft',
    role: 'analyst',
    body: ModelSchema,
    ok: { status: 201, description: 'The model and its findings', schema: M.CreatedModelSchema },
    errors: [409, 413, 422],
  },
  {
    method: 'put',
    path: '/api/models/{id}',
    tag: 'models',
    summary: 'Replace the draft with a full model (one attributed change; only differing fields)',
    role: 'analyst',
    body: ModelSchema,
    ok: {
      status: 200,
      description: 'The draft as written and what changed',
      schema: M.ReplacedDraftSchema,
    },
    errors: [404, 413, 422],
  },
  {
    method: 'get',
    path: '/api/models/{id}',
    tag: 'models',
    summary: 'The live draft of a model with its findings',
    role: 'viewer',
    ok: { status: 200, description: 'The draft', schema: M.ModelDraftSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/models/{id}/snapshots',
    tag: 'snapshots',
    summary: 'List snapshots',
    role: 'viewer',
    ok: {
      status: 200,
      description: 'The snapshots',
      schema: M.SnapshotListSchema,
    },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/models/{id}/snapshots',
    tag: 'snapshots',
    summary: 'Take an immutable snapshot of the draft',
    role: 'analyst',
    body: M.SnapshotRequestSchema,
    ok: { status: 201, description: 'The snapshot', schema: M.SnapshotSchema },
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/api/models/{id}/snapshots/{sid}',
    tag: 'snapshots',
    summary: 'One snapshot',
    role: 'viewer',
    ok: { status: 200, description: 'The snapshot', schema: M.SnapshotSchema },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/models/{id}/snapshots/{sid}/restore',
    tag: 'snapshots',
    summary: 'Restore a snapshot into the live draft',
    role: 'analyst',
    ok: { status: 200, description: 'The restored draft', schema: M.RestoredDraftSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/models/{id}/changes',
    tag: 'models',
    summary: 'The change feed: who changed which field, from what, to what',
    role: 'viewer',
    query: M.ChangeQuerySchema,
    ok: { status: 200, description: 'Changes, oldest first', schema: M.ChangeListSchema },
    errors: [404],
  },
  // Branches.
  {
    method: 'post',
    path: '/api/models/{id}/branches',
    tag: 'branches',
    summary: 'Fork the draft (or the snapshot in `from`) into a new doc, edited like a model',
    role: 'analyst',
    body: Branch.BranchRequestSchema,
    ok: { status: 201, description: 'The branch', schema: Branch.BranchSchema },
    errors: [404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/models/{id}/branches',
    tag: 'branches',
    summary: "A model's branches, with the updates each side committed since the fork",
    role: 'viewer',
    ok: { status: 200, description: 'The branches', schema: Branch.BranchListSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/models/{id}/branches/{name}',
    tag: 'branches',
    summary: 'One branch',
    role: 'viewer',
    ok: { status: 200, description: 'The branch', schema: Branch.BranchSummarySchema },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/models/{id}/branches/{name}/merge',
    tag: 'branches',
    summary:
      "Apply the branch's changes since the fork to the draft, as one change by the caller (`dryRun=1`: only say what it would do)",
    role: 'analyst',
    query: Branch.MergeQuerySchema,
    ok: { status: 200, description: 'What the merge brings', schema: Branch.MergeResultSchema },
    errors: [404, 422],
  },
  {
    method: 'get',
    path: '/api/models/{id}/branches/{name}/merge-update',
    tag: 'branches',
    summary:
      "The branch's changes since the fork as one Yjs update, by which an editor knows the merge",
    role: 'analyst',
    ok: { status: 200, description: 'A Yjs update', contentType: 'application/octet-stream' },
    errors: [404],
  },
  {
    method: 'delete',
    path: '/api/models/{id}/branches/{name}',
    tag: 'branches',
    summary: 'Delete a branch (its creator or a release manager); its history stays',
    role: 'analyst',
    ok: { status: 204, description: 'Deleted' },
    errors: [404],
  },
  // Promotion.
  {
    method: 'post',
    path: '/api/models/{id}/promotions',
    tag: 'promotion',
    summary:
      'Request the promotion of a snapshot (re-validated; impact against production), optionally scheduled',
    role: 'release-manager',
    body: P.PromotionRequestBodySchema,
    ok: { status: 201, description: 'The pending request', schema: P.PromotionRecordSchema },
    errors: [404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/models/{id}/promotions',
    tag: 'promotion',
    summary: "A model's promotion requests, newest first",
    role: 'viewer',
    query: P.ModelPromotionListQuerySchema,
    ok: { status: 200, description: 'The requests', schema: P.PromotionListSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/promotions',
    tag: 'promotion',
    summary: 'Promotion requests with their state, newest first',
    role: 'viewer',
    query: P.PromotionListQuerySchema,
    ok: { status: 200, description: 'The requests', schema: P.PromotionListSchema },
  },
  {
    method: 'get',
    path: '/api/promotions/{pid}',
    tag: 'promotion',
    summary: 'One promotion request',
    role: 'viewer',
    ok: { status: 200, description: 'The request', schema: P.PromotionRecordSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/promotions/{pid}/shadow',
    tag: 'promotion',
    summary:
      'Shadow scoring: what the request would have done to the leads production scored while it was pending',
    role: 'viewer',
    ok: { status: 200, description: 'The shadow figures', schema: P.ShadowReportSchema },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/promotions/{pid}/approve',
    tag: 'promotion',
    summary:
      'Approve (another release manager than the requester): promotes atomically, or at its scheduledFor',
    role: 'release-manager',
    ok: { status: 200, description: 'The new production record', schema: P.ProductionRecordSchema },
    also: [
      {
        status: 202,
        description: 'Scheduled: it promotes at its scheduledFor, after the checks run again',
        schema: P.PromotionRecordSchema,
      },
    ],
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/promotions/{pid}/cancel',
    tag: 'promotion',
    summary: 'Cancel a scheduled request (or a pending one with a schedule); it never promotes',
    role: 'release-manager',
    ok: { status: 200, description: 'The cancelled request', schema: P.PromotionRecordSchema },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/promotions/{pid}/reject',
    tag: 'promotion',
    summary: 'Reject a pending request',
    role: 'release-manager',
    body: P.RejectBodySchema,
    ok: { status: 200, description: 'The rejected request', schema: P.PromotionRecordSchema },
    errors: [404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/promotions/{pid}/comments',
    tag: 'promotion',
    summary: "A request's comments, oldest first",
    role: 'viewer',
    ok: { status: 200, description: 'The comments', schema: P.PromotionCommentListSchema },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/promotions/{pid}/comments',
    tag: 'promotion',
    summary:
      'Comment on a request (1 to 4,000 characters, trimmed; audited, event promotion.commented)',
    role: 'analyst',
    body: P.CommentBodySchema,
    ok: { status: 201, description: 'The comment', schema: P.PromotionCommentSchema },
    errors: [404, 413, 422],
  },
  // Production.
  {
    method: 'get',
    path: '/api/production/{modelId}',
    tag: 'production',
    summary: 'The production model (ETag; 304 on If-None-Match)',
    role: 'viewer',
    ok: { status: 200, description: 'The production record', schema: P.ProductionRecordSchema },
    errors: [304, 404],
  },
  {
    method: 'get',
    path: '/api/production/{modelId}/versions',
    tag: 'production',
    summary: 'Every production version, newest first',
    role: 'viewer',
    ok: { status: 200, description: 'The versions', schema: P.ProductionVersionsSchema },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/production/{modelId}/rollback',
    tag: 'production',
    summary: "Make an earlier version's snapshot production again, as a new version",
    role: 'release-manager',
    body: P.RollbackBodySchema,
    ok: { status: 200, description: 'The new production record', schema: P.ProductionRecordSchema },
    errors: [404, 409, 422],
  },
  // Scoring.
  {
    method: 'post',
    path: '/api/score/{modelId}',
    tag: 'scoring',
    summary: 'Score leads with the production model (or ?snapshot=)',
    role: 'viewer',
    query: Score.ScoreQuerySchema,
    body: Score.ScoreBodySchema,
    ok: {
      status: 200,
      description: 'One result per lead, in order',
      schema: Score.ScoreResponseSchema,
    },
    errors: [404, 413, 422, 429],
  },
  // Reference datasets.
  {
    method: 'post',
    path: '/api/datasets',
    tag: 'datasets',
    summary: 'Upload a reference dataset (the CSV as the body)',
    role: 'analyst',
    query: Dataset.DatasetUploadQuerySchema,
    body: 'csv',
    ok: { status: 201, description: 'The stored dataset', schema: Dataset.DatasetInfoSchema },
    errors: [413, 415, 422],
  },
  {
    method: 'get',
    path: '/api/datasets',
    tag: 'datasets',
    summary: 'Datasets: the built-in demo leads, then uploads',
    role: 'viewer',
    ok: { status: 200, description: 'The datasets', schema: Dataset.DatasetListSchema },
  },
  {
    method: 'get',
    path: '/api/datasets/{id}',
    tag: 'datasets',
    summary: 'One dataset',
    role: 'viewer',
    ok: { status: 200, description: 'The dataset', schema: Dataset.DatasetInfoSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/datasets/{id}/csv',
    tag: 'datasets',
    summary:
      'Download a dataset as CSV (formula cells defused unless ?raw=1; ETag; 304 on If-None-Match)',
    role: 'viewer',
    query: Dataset.DatasetCsvQuerySchema,
    ok: { status: 200, description: 'The CSV', contentType: 'text/csv' },
    errors: [304, 404],
  },
  {
    method: 'delete',
    path: '/api/datasets/{id}',
    tag: 'datasets',
    summary:
      "Delete a dataset (its uploader or a release manager; 409 while it is a model's reference dataset)",
    role: 'analyst',
    ok: { status: 204, description: 'Deleted' },
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/models/{id}/reference-dataset',
    tag: 'datasets',
    summary: "The dataset a model's promotion impact is computed on",
    role: 'viewer',
    ok: { status: 200, description: 'The choice', schema: Dataset.ReferenceDatasetSchema },
    errors: [404],
  },
  {
    method: 'put',
    path: '/api/models/{id}/reference-dataset',
    tag: 'datasets',
    summary: 'Choose the reference dataset ("demo" for the built-in leads)',
    role: 'analyst',
    body: Dataset.ReferenceDatasetBodySchema,
    ok: { status: 200, description: 'The choice', schema: Dataset.ReferenceDatasetSchema },
    errors: [404, 422],
  },
  // Audit.
  {
    method: 'get',
    path: '/api/audit',
    tag: 'audit',
    summary: 'The append-only audit log, oldest first',
    role: 'viewer',
    query: Audit.AuditQuerySchema,
    ok: { status: 200, description: 'Entries', schema: Audit.AuditListSchema },
  },
  {
    method: 'get',
    path: '/api/audit/verify',
    tag: 'audit',
    summary: "Recompute the audit log's hash chain",
    role: 'viewer',
    ok: { status: 200, description: 'ok, or the first bad seq', schema: Audit.AuditVerifySchema },
  },
  // Notifications.
  {
    method: 'post',
    path: '/api/webhooks',
    tag: 'notifications',
    summary:
      'Subscribe a URL to workflow events (signed t=…,v1=HMAC-SHA256 of "t.body", retried from an outbox)',
    role: 'release-manager',
    body: Webhook.WebhookBodySchema,
    ok: {
      status: 201,
      description: 'The webhook (the secret is not returned)',
      schema: Webhook.WebhookSchema,
    },
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/webhooks',
    tag: 'notifications',
    summary: 'Webhooks',
    role: 'release-manager',
    ok: { status: 200, description: 'The webhooks', schema: Webhook.WebhookListSchema },
  },
  {
    method: 'delete',
    path: '/api/webhooks/{wid}',
    tag: 'notifications',
    summary: 'Delete a webhook (its pending deliveries are cancelled)',
    role: 'release-manager',
    ok: { status: 204, description: 'Deleted' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/webhooks/{wid}/deliveries',
    tag: 'notifications',
    summary: "A webhook's deliveries, newest first",
    role: 'release-manager',
    ok: { status: 200, description: 'The deliveries', schema: Webhook.DeliveryListSchema },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/events',
    tag: 'notifications',
    summary:
      'Server-Sent Events of the workflow (token in the query: EventSource sends no headers)',
    role: 'viewer',
    query: EventQuerySchema,
    ok: {
      status: 200,
      description: 'A stream of events; each data line is a WorkflowEvent, each id its audit seq',
      schema: WorkflowEventSchema,
      contentType: 'text/event-stream',
    },
  },
  // System.
  {
    method: 'get',
    path: '/healthz',
    tag: 'system',
    summary: 'Liveness and readiness (no token)',
    role: null,
    ok: { status: 200, description: 'Ready', schema: z.object({ status: z.string() }) },
  },
  {
    method: 'get',
    path: '/api/me',
    tag: 'system',
    summary: 'Who the token says you are',
    role: 'viewer',
    ok: { status: 200, description: 'The identity', schema: IdentitySchema },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'system',
    summary: 'This document',
    role: 'viewer',
    ok: { status: 200, description: 'OpenAPI 3.1', schema: Json },
  },
]

const STATUS_TEXT: Record<number, string> = {
  304: 'Not modified: the ETag still matches',
  400: 'The body is not JSON',
  401: 'No token, or a bad one',
  403: 'The role is too low',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Does not have the expected shape or content',
  429: 'Rate limited: see Retry-After',
}

/** A zod schema as JSON Schema (2020-12, which OpenAPI 3.1 uses), without its `$schema` line. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' })
  return rest
}

function describe(op: Operation): Record<string, unknown> {
  const parameters: unknown[] = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  if (op.query !== undefined) {
    const schema = jsonSchema(op.query, 'input') as {
      properties?: Record<string, unknown>
      required?: string[]
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: property,
      })
    }
  }
  const responses: Record<string, unknown> = {
    [op.ok.status]: {
      description: op.ok.description,
      ...(op.ok.schema === undefined && op.ok.contentType === undefined
        ? {}
        : {
            content: {
              [op.ok.contentType ?? 'application/json']:
                op.ok.schema === undefined ? {} : { schema: jsonSchema(op.ok.schema, 'output') },
            },
          }),
    },
  }
  for (const also of op.also ?? []) {
    responses[also.status] = {
      description: also.description,
      content: { 'application/json': { schema: jsonSchema(also.schema, 'output') } },
    }
  }
  const errors = [
    ...(op.role === null ? [] : [401, 403]),
    ...(op.body && op.body !== 'csv' ? [400] : []),
    ...(op.errors ?? []),
  ]
  for (const status of errors) {
    responses[status] =
      status === 304
        ? { description: STATUS_TEXT[304] }
        : {
            description: STATUS_TEXT[status] ?? 'Error',
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          }
  }
  return {
    tags: [op.tag],
    summary: op.summary,
    description: op.role === null ? 'No token needed.' : `Needs the ${op.role} role or above.`,
    operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security: op.role === null ? [] : [{ bearer: [] }],
    parameters,
    ...(op.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content:
              op.body === 'csv'
                ? { 'text/csv': { schema: { type: 'string' } } }
                : { 'application/json': { schema: jsonSchema(op.body, 'input') } },
          },
        }),
    responses,
  }
}

/** The OpenAPI 3.1 description of the HTTP API, generated from the zod schemas it runs on. */
export function createOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = describe(op)
  return {
    openapi: '3.1.0',
    info: {
      title: 'Scoring Playground API',
      version: '1',
      description:
        'Lead-scoring models: drafts, snapshots, four-eyes promotion to production, scoring, audit and notifications. Every call but /healthz carries `Authorization: Bearer <token>`.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
  }
}
