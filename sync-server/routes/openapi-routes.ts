import { Hono } from 'hono'
import type { AppEnv } from '../http/app-env.ts'
import { requireRole } from '../http/require-role.ts'
import { DOCS_PAGE } from '../openapi/docs-page.ts'
import { createOpenApiDocument } from '../openapi/openapi-document.ts'
import type { RouteDeps } from './route-deps.ts'

/** `/api/openapi.json` (the API described from its zod schemas) and `/api/docs` (a page rendering it). */
export function openApiRoutes({ auth }: RouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  let document: string | null = null
  app.get('/openapi.json', requireRole(auth, 'viewer'), (c) => {
    document ??= JSON.stringify(createOpenApiDocument())
    return c.body(document, 200, { 'content-type': 'application/json' })
  })
  // The page holds no data (the document is fetched with the token), like the app shell at `/`.
  app.get('/docs', (c) => c.html(DOCS_PAGE))
  return app
}
