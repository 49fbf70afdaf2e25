import type { Workflow } from '../promotion/create-workflow.ts'
import type { Store } from '../store/store.ts'
import type { Rooms } from '../sync/create-rooms.ts'

/** What the branch operations work with. */
export interface BranchContext {
  store: Store
  rooms: Rooms
  workflow: Workflow
}
