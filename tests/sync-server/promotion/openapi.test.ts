import { afterEach, expect, test } from 'vitest'
import { call, startPromotionServer, type PromotionServer } from './support/promotion-server.ts'

let server: PromotionServer

afterEach(async () => {
  await server?.dispose()
})

test('the OpenAPI document describes routes the server has, with bodies from the zod schemas', async () => {
  server = await startPromotionServer()
  expect((await call(server, 'GET', '/api/openapi.json')).status).toBe(401)
  const answer = await call(server, 'GET', '/api/openapi.json', { token: server.tokenOf('viewer') })
  expect(answer.status).toBe(200)
  const doc = answer.body
  expect(doc.openapi).toBe('3.1.0')
  const promotion = doc.paths['/api/models/{id}/promotions'].post
  const schema = promotion.requestBody.content['application/json'].schema
  expect(schema.required).toEqual(['snapshotId'])
  expect(schema.additionalProperties).toBe(false)
  expect(Object.keys(promotion.responses).sort()).toEqual([
    '201',
    '400',
    '401',
    '403',
    '404',
    '409',
    '422',
  ])
  expect(promotion.responses['201'].content['application/json'].schema.properties).toHaveProperty(
    'basedOnVersion',
  )
  const score = doc.paths['/api/score/{modelId}'].post
  expect(score.requestBody.content['application/json'].schema.properties).toHaveProperty('leads')
  expect(score.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
    'path:modelId',
    'query:snapshot',
  ])
  const webhook = doc.paths['/api/webhooks'].post.requestBody.content['application/json'].schema
  expect(webhook.properties.events.items.enum).toContain('production.promoted')

  // Every documented operation exists: the server never answers it with its "nothing here" 404.
  const rm = server.tokenOf('releaseManager')
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) {
      if (path === '/api/events') continue // a stream; see events.test.ts
      const concrete = path.replace(/\{\w+\}/g, 'x')
      const reply = await call(server, method.toUpperCase(), concrete, {
        token: rm,
        body: method === 'get' || method === 'delete' ? undefined : {},
      })
      expect(reply.body?.code, `${method} ${path}`).not.toBe('not-found')
    }
  }
})

test('/api/docs is a self-contained page (no CDN) that renders the document', async () => {
  server = await startPromotionServer()
  const page = await call(server, 'GET', '/api/docs')
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toContain('text/html')
  expect(page.body).toContain("fetch('/api/openapi.json'")
  expect(page.body).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//)
})
