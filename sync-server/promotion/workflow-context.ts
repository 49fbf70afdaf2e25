import type { ModelCatalog } from '../models/model-catalog.ts'
import type { Store } from '../store/store.ts'
import type { Workflow } from './create-workflow.ts'

/** What the promotion operations work with. */
export interface WorkflowContext {
  store: Store
  workflow: Workflow
  catalog: ModelCatalog
}
