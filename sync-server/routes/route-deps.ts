import type { Auth } from '../auth/create-auth.ts'
import type { Logger } from '../log/create-logger.ts'
import type { Metrics } from '../metrics/create-metrics.ts'
import type { ModelCatalog } from '../models/model-catalog.ts'
import type { Workflow } from '../promotion/create-workflow.ts'
import type { Store } from '../store/store.ts'
import type { Rooms } from '../sync/create-rooms.ts'

/** What every route module is built from: one object, the same for all of them. */
export interface RouteDeps {
  /** Token verification, with verified tokens cached (wrapped once, in createApp). */
  auth: Auth
  store: Store
  rooms: Rooms
  catalog: ModelCatalog
  workflow: Workflow
  metrics: Metrics
  log: Logger
  /** True once the server is ready to serve sync, API and app (GET /healthz). */
  isReady: () => boolean
}
