import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../http/app-env.ts'
import { toCommentRecord, toProductionRecord, toPromotionRecord } from '../http/api-records.ts'
import { orProblem } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import {
  CommentBodySchema,
  PromotionListQuerySchema,
  RejectBodySchema,
} from '../../shared/promotion-api-schemas.ts'
import { approvePromotion } from '../promotion/approve-promotion.ts'
import { cancelPromotion } from '../promotion/cancel-promotion.ts'
import { commentOnPromotion } from '../promotion/comment-on-promotion.ts'
import { findPromotion } from '../promotion/find-workflow-records.ts'
import { rejectPromotion } from '../promotion/reject-promotion.ts'
import type { PromotionRequest } from '../store/promotion-store.ts'
import type { Store } from '../store/store.ts'
import type { RouteDeps } from './route-deps.ts'

/** Bodies of promotion requests and rejections are small. */
export const MAX_PROMOTION_BODY_BYTES = 64 * 1024

/**
 * `/api/promotions`: list and read requests and their comments (everyone signed in), comment on
 * them (analysts and release managers), approve, reject or cancel them (release managers).
 */
export function promotionRoutes(deps: RouteDeps): Hono<AppEnv> {
  const { auth, store } = deps
  const app = new Hono<AppEnv>()

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const query = PromotionListQuerySchema.parse(c.req.query())
    return c.json({
      promotions: await toPromotionRecords(store, await store.promotions.list(query)),
    })
  })

  app.get('/:pid', requireRole(auth, 'viewer'), async (c) => {
    const request = orProblem(await findPromotion(store, c.req.param('pid')))
    const [record] = await toPromotionRecords(store, [request])
    return c.json(record)
  })

  app.post('/:pid/approve', requireRole(auth, 'release-manager'), async (c) => {
    const approval = orProblem(await approvePromotion(deps, c.req.param('pid'), c.get('identity')))
    if (approval.kind === 'scheduled') {
      // Accepted, not done: it promotes at its scheduledFor, after the checks run again.
      const [record] = await toPromotionRecords(store, [approval.request])
      return c.json(record, 202)
    }
    return c.json(toProductionRecord(approval.version, approval.snapshot))
  })

  app.post('/:pid/cancel', requireRole(auth, 'release-manager'), async (c) => {
    const cancelled = await cancelPromotion(deps, c.req.param('pid'), c.get('identity'))
    const [record] = await toPromotionRecords(store, [orProblem(cancelled)])
    return c.json(record)
  })

  app.post(
    '/:pid/reject',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: MAX_PROMOTION_BODY_BYTES }),
    async (c) => {
      const { reason } = await readJsonBody(c, RejectBodySchema)
      const rejected = await rejectPromotion(deps, c.req.param('pid'), reason, c.get('identity'))
      const [record] = await toPromotionRecords(store, [orProblem(rejected)])
      return c.json(record)
    },
  )

  app.get('/:pid/comments', requireRole(auth, 'viewer'), async (c) => {
    const request = orProblem(await findPromotion(store, c.req.param('pid')))
    const comments = await store.comments.list(request.id)
    return c.json({ comments: comments.map(toCommentRecord) })
  })

  app.post(
    '/:pid/comments',
    requireRole(auth, 'analyst'),
    bodyLimit({ maxSize: MAX_PROMOTION_BODY_BYTES }),
    async (c) => {
      const { body } = await readJsonBody(c, CommentBodySchema)
      const added = await commentOnPromotion(deps, c.req.param('pid'), body, c.get('identity'))
      return c.json(toCommentRecord(orProblem(added)), 201)
    },
  )

  return app
}

/** The API records of requests, each told whether production moved since it was made. */
export async function toPromotionRecords(store: Store, requests: PromotionRequest[]) {
  const versions = await store.production.currentVersions()
  return requests.map((r) => toPromotionRecord(r, versions.get(r.modelId) ?? 0))
}
