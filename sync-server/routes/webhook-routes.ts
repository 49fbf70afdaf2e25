import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { PROBLEM_CODES, ProblemError } from '../http/problem.ts'
import { readJsonBody } from '../http/read-json-body.ts'
import { requireRole } from '../http/require-role.ts'
import { toDeliveryRecord, toWebhookRecord } from '../promotion/api-records.ts'
import { WebhookBodySchema } from '../../shared/webhook-api-schemas.ts'
import type { WorkflowContext } from '../promotion/workflow-context.ts'
import { withoutUrlCredentials } from '../promotion/redact-audit-entry.ts'
import { AUDIT_ACTIONS } from '../promotion/workflow-events.ts'
import type { Webhook } from '../store/webhook-store.ts'
import { checkWebhookTarget } from '../webhooks/check-webhook-target.ts'

/**
 * `/api/webhooks` (release managers): subscribe a URL to workflow events, list and delete
 * subscriptions, and see a subscription's deliveries. Secrets are write-only.
 */
export function webhookRoutes(auth: Auth, ctx: WorkflowContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const { store, workflow } = ctx
  const requireWebhook = (id: string): Webhook => {
    const webhook = store.webhooks.get(id)
    if (webhook === null) {
      throw new ProblemError(404, PROBLEM_CODES.webhookNotFound, `There is no webhook "${id}".`)
    }
    return webhook
  }

  app.post(
    '/api/webhooks',
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
      workflow.commit((record) => {
        store.webhooks.insert(webhook)
        record({
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
      })
      return c.json(toWebhookRecord(webhook), 201)
    },
  )

  app.get('/api/webhooks', requireRole(auth, 'release-manager'), (c) =>
    c.json({ webhooks: store.webhooks.list().map(toWebhookRecord) }),
  )

  app.delete('/api/webhooks/:wid', requireRole(auth, 'release-manager'), (c) => {
    const webhook = requireWebhook(c.req.param('wid'))
    const identity = c.get('identity')
    workflow.commit((record) => {
      const at = Date.now()
      store.webhooks.remove(webhook.id, at)
      record({
        at,
        actor: { id: identity.id, name: identity.name },
        action: AUDIT_ACTIONS.webhookDeleted,
        modelId: null,
        details: { webhookId: webhook.id, url: withoutUrlCredentials(webhook.url) },
      })
    })
    return c.body(null, 204)
  })

  app.get('/api/webhooks/:wid/deliveries', requireRole(auth, 'release-manager'), (c) => {
    const webhook = requireWebhook(c.req.param('wid'))
    return c.json({ deliveries: store.webhooks.deliveries(webhook.id, 200).map(toDeliveryRecord) })
  })

  return app
}
