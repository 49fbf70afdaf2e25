import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { toDeliveryRecord, toWebhookRecord } from '../http/api-records.ts'
import { WebhookBodySchema } from '../../shared/webhook-api-schemas.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { Webhook } from '../store/webhook-store.ts'
import type { RouteDeps } from './route-deps.ts'
import { withoutUrlCredentials } from '../audit/redact-audit-entry.ts'
import { checkWebhookTarget } from '../webhooks/check-webhook-target.ts'
import { success } from '../../shared/outcome.ts'

/**
 * `/api/webhooks` (release managers): subscribe a URL to workflow events, list and delete
 * subscriptions, and see a subscription's deliveries. Secrets are write-only.
 */
export function webhookRoutes({ auth, store, workflow }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const requireWebhook = async (id: string): Promise<Webhook> => {
    const webhook = await store.webhooks.get(id)
    if (webhook === null) {
      throw new ProblemError(404, PROBLEM_CODES.webhookNotFound, `There is no webhook "${id}".`)
    }
    return webhook
  }

  app.post(
    '/',
    requireRole(auth, 'release-manager'),
    bodyLimit({ maxSize: 16 * 1024 }),
    async (c) => {
      const body = await readJsonBody(c, WebhookBodySchema)
      const target = await checkWebhookTarget(body.url, {
        allowPrivate: workflow.options.webhookAllowPrivate,
      })
      if (!target.ok) {
        throw new ProblemError(422, PROBLEM_CODES.webhookTargetRefused, target.reason)
      }
      const identity = c.get('identity')
      const webhook: Webhook = {
        id: randomUUID(),
        url: body.url,
        events: [...new Set(body.events)],
        secret: body.secret,
        createdAt: Date.now(),
        createdBy: { id: identity.id, name: identity.name },
      }
      await workflow.commit(async (tx, record) => {
        await tx.webhooks.insert(webhook)
        await record({
          at: webhook.createdAt,
          actor: webhook.createdBy,
          action: AUDIT_ACTIONS.webhookCreated,
          modelId: null,
          details: {
            webhookId: webhook.id,
            url: withoutUrlCredentials(webhook.url),
            events: webhook.events,
          },
        })
        return success(null)
      })
      return c.json(toWebhookRecord(webhook), 201)
    },
  )

  app.get('/', requireRole(auth, 'release-manager'), async (c) =>
    c.json({ webhooks: (await store.webhooks.list()).map(toWebhookRecord) }),
  )

  app.delete('/:wid', requireRole(auth, 'release-manager'), async (c) => {
    const webhook = await requireWebhook(c.req.param('wid'))
    const identity = c.get('identity')
    await workflow.commit(async (tx, record) => {
      const at = Date.now()
      await tx.webhooks.remove(webhook.id, at)
      await record({
        at,
        actor: { id: identity.id, name: identity.name },
        action: AUDIT_ACTIONS.webhookDeleted,
        modelId: null,
        details: { webhookId: webhook.id, url: withoutUrlCredentials(webhook.url) },
      })
      return success(null)
    })
    return c.body(null, 204)
  })

  app.get('/:wid/deliveries', requireRole(auth, 'release-manager'), async (c) => {
    const webhook = await requireWebhook(c.req.param('wid'))
    const deliveries = await store.webhooks.deliveries(webhook.id, 200)
    return c.json({ deliveries: deliveries.map(toDeliveryRecord) })
  })

  return app
}
