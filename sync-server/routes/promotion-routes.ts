import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import {
  ModelPromotionListQuerySchema,
  PromotionListQuerySchema,
  PromotionRequestBodySchema,
  RejectBodySchema,
} from '../../shared/promotion-api-schemas.ts'
import { toProductionRecord, toPromotionRecord } from '../promotion/api-records.ts'
import { approvePromotion } from '../promotion/approve-promotion.ts'
import { rejectPromotion } from '../promotion/reject-promotion.ts'
import { requireModel, requirePromotion } from '../promotion/require-found.ts'
import { requestPromotion } from '../promotion/request-promotion.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'

/** Bodies of promotion requests and rejections are small. */
const MAX_BODY_BYTES = 64 * 1024

/**
 * `/api/models/:id/promotions` (request, list) and `/api/promotions` (list, read, approve,
 * reject): release managers request and decide, everyone signed in reads.
 */
export function promotionRoutes(auth: Auth, ctx: WorkflowContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { store } = ctx
  const records = (requests: PromotionRequest[]) => {
    const versions = store.production.currentVersions()
    return requests.map((r) => toPromotionRecord(r, versions.get(r.modelId) ?? 0))
  }

  app.post(
    '/api/models/:id/promotions',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: MAX_BODY_BYTES }),
    async (c) => {
      const body = await readJsonBody(c, PromotionRequestBodySchema)
      const request = requestPromotion(ctx, {
        modelId: c.req.param('id'),
        snapshotId: body.snapshotId,
        note: body.note,
        identity: c.get('identity'),
      })
      return c.json(toPromotionRecord(request, request.basedOnVersion), 201)
    },
  )

  app.get('/api/models/:id/promotions', requireRole(auth, 'viewer'), (c) => {
    const modelId = c.req.param('id')
    const query = ModelPromotionListQuerySchema.parse(c.req.query())
    requireModel(ctx, modelId)
    return c.json({ promotions: records(store.promotions.list({ ...query, modelId })) })
  })

  app.get('/api/promotions', requireRole(auth, 'viewer'), (c) => {
    const query = PromotionListQuerySchema.parse(c.req.query())
    return c.json({ promotions: records(store.promotions.list(query)) })
  })

  app.get('/api/promotions/:pid', requireRole(auth, 'viewer'), (c) => {
    const [record] = records([requirePromotion(ctx, c.req.param('pid'))])
    return c.json(record)
  })

  app.post('/api/promotions/:pid/approve', requireRole(auth, 'release-manager'), (c) => {
    const { version, snapshot } = approvePromotion(ctx, c.req.param('pid'), c.get('identity'))
    return c.json(toProductionRecord(version, snapshot))
  })

  app.post(
    '/api/promotions/:pid/reject',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: MAX_BODY_BYTES }),
    async (c) => {
      const { reason } = await readJsonBody(c, RejectBodySchema)
      const request = rejectPromotion(ctx, c.req.param('pid'), reason, c.get('identity'))
      const [record] = records([request])
      return c.json(record)
    },
  )

  return app
}
