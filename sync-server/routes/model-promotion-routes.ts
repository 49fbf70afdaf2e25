import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../http/app-env.ts'
import { toPromotionRecord } from '../http/api-records.ts'
import { pathParam } from '../http/path-param.ts'
import { orProblem, problemOf } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { checkModel } from '../models/check-model.ts'
import {
  ModelPromotionListQuerySchema,
  PromotionRequestBodySchema,
} from '../../shared/promotion-api-schemas.ts'
import { requestPromotion } from '../promotion/request-promotion.ts'
import { MAX_PROMOTION_BODY_BYTES, toPromotionRecords } from './promotion-routes.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/models/:id/promotions`: release managers request a promotion; everyone signed in lists them. */
export function modelPromotionRoutes(deps: RouteDeps): Hono<AppEnv> {
  const { auth, store, catalog } = deps
  const app = new Hono<AppEnv>()

  app.post(
    '/',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: MAX_PROMOTION_BODY_BYTES }),
    async (c) => {
      const body = await readJsonBody(c, PromotionRequestBodySchema)
      const requested = await requestPromotion(deps, {
        modelId: pathParam(c, 'id'),
        snapshotId: body.snapshotId,
        note: body.note,
        scheduledFor: body.scheduledFor === undefined ? undefined : Date.parse(body.scheduledFor),
        identity: c.get('identity'),
      })
      const request = orProblem(requested)
      return c.json(toPromotionRecord(request, request.basedOnVersion), 201)
    },
  )

  app.get('/', requireRole(auth, 'viewer'), async (c) => {
    const modelId = pathParam(c, 'id')
    const query = ModelPromotionListQuerySchema.parse(c.req.query())
    const missing = await checkModel(catalog, modelId)
    if (missing !== null) throw problemOf(missing)
    const requests = await store.promotions.list({ ...query, modelId })
    return c.json({ promotions: await toPromotionRecords(store, requests) })
  })

  return app
}
