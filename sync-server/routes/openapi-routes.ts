import { Hono } from 'hono'
import type { Auth } from '../auth/create-auth.ts'
import type { AppEnv } from '../http/app-env.ts'
import { requireRole } from '../http/require-role.ts'
import { DOCS_PAGE } from '../promotion/docs-page.ts'
import { createOpenApiDocument } from '../promotion/openapi-document.ts'

/** `/api/openapi.json` (the API described from its zod schemas) and `/api/docs` (a page rendering it). */
export function openApiRoutes(auth: Auth): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  let document: string | null = null
  app.get('/api/openapi.json', requireRole(auth, 'viewer'), (c) => {
    document ??= JSON.stringify(createOpenApiDocument())
    return c.body(document, 200, { 'content-type': 'application/json' })
  })
  // The page holds no data (the document is fetched with the token), like the app shell at `/`.
  app.get('/api/docs', (c) => c.html(DOCS_PAGE))
  return app
}
