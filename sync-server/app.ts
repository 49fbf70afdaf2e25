import { Hono } from 'hono'
import { APP_DIST_DIR } from './app-dist-dir.ts'
import type { Auth } from './auth/create-auth.ts'
import type { AppEnv } from './http/app-env.ts'
import { createErrorHandler, PROBLEM_CODES, problemResponse, ProblemError } from './http/problem.ts'
import type { Logger } from './log/create-logger.ts'
import type { Metrics } from './metrics/create-metrics.ts'
import { createModelCatalog } from './models/model-catalog.ts'
import { createWorkflow, type Workflow } from './promotion/create-workflow.ts'
import { appRoutes } from './routes/app-routes.ts'
import { changeRoutes } from './routes/change-routes.ts'
import { modelRoutes } from './routes/model-routes.ts'
import { snapshotRoutes } from './routes/snapshot-routes.ts'
import { systemRoutes } from './routes/system-routes.ts'
import { workflowRoutes } from './routes/workflow-routes.ts'
import type { Store } from './store/open-store.ts'
import type { Rooms } from './sync/create-rooms.ts'

export interface AppDeps {
  store: Store
  auth: Auth
  rooms: Rooms
  metrics: Metrics
  log: Logger
  /** True once the server is ready to serve sync, API and app (GET /healthz). */
  isReady: () => boolean
  /** Promotion, scoring and notifications; a fresh one (webhooks not delivered) when absent. */
  workflow?: Workflow
  /** The built browser app to serve; default dist/ at the repository root. */
  appDir?: string
}

/** The HTTP app, built from its dependencies (no listen: see start-server.ts). */
export function createApp({
  store,
  auth,
  rooms,
  metrics,
  log,
  isReady,
  workflow,
  appDir,
}: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const catalog = createModelCatalog(store, rooms)
  app.onError(createErrorHandler(log))
  app.notFound((c) =>
    problemResponse(c, new ProblemError(404, PROBLEM_CODES.notFound, `Nothing at ${c.req.path}.`)),
  )
  app.route('/', systemRoutes({ auth, metrics, isReady }))
  app.route('/api/models', modelRoutes({ auth, rooms, catalog }))
  const flow = workflow ?? createWorkflow(store, log)
  app.route('/api/models', snapshotRoutes({ auth, store, rooms, catalog, workflow: flow }))
  app.route('/api/models', changeRoutes({ auth, store, catalog }))
  app.route('/', workflowRoutes({ auth, store, catalog, workflow: flow }))
  // Last: every other GET outside the API is a page of the app.
  app.route('/', appRoutes({ distDir: appDir ?? APP_DIST_DIR }))
  return app
}
