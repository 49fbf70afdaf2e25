import { DEMO_MODEL } from '../engine/demo-model.ts'
import { writeModel } from '../shared/model-doc.ts'
import type { Identity } from '../shared/identity-schema.ts'
import type { Logger } from './log/create-logger.ts'
import { commitOrFail, SERVER_ORIGIN } from './sync/commit-or-fail.ts'
import type { Store } from './store/store.ts'
import type { Rooms } from './sync/create-rooms.ts'

const SEEDED_KEY = 'demo-model-created'

/** The identity the server's own changes are attributed to. */
export const SYSTEM_IDENTITY: Identity = {
  id: 'system',
  name: 'Scoring Playground',
  role: 'release-manager',
}

/**
 * On the first start of a store, creates the demo model so a newcomer sees something real. The
 * first start is claimed under a lock, so of several instances starting at once on one database
 * exactly one writes it (two would each add the demo's factors to one doc).
 */
export async function seedDemoModel(store: Store, rooms: Rooms, log: Logger): Promise<void> {
  if ((await store.settings.get(SEEDED_KEY)) !== null) return
  const claimed = await store.transaction(async (tx) => {
    await tx.lockModel(DEMO_MODEL.id)
    if ((await tx.settings.get(SEEDED_KEY)) !== null) return false
    await tx.settings.set(SEEDED_KEY, new Date().toISOString())
    return !(await tx.docs.has(DEMO_MODEL.id))
  })
  if (claimed) {
    await rooms.use(DEMO_MODEL.id, (room) =>
      commitOrFail(room, SYSTEM_IDENTITY, SERVER_ORIGIN, () =>
        writeModel(room.doc, DEMO_MODEL, SERVER_ORIGIN),
      ),
    )
    log.info('demo model created', { modelId: DEMO_MODEL.id })
  }
}
