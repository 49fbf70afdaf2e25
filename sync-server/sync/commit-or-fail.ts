import type { Identity } from '../../shared/identity-schema.ts'
import type { FieldChange } from '../../shared/model-doc.ts'
import type { Room } from './room.ts'

/** The origin of changes the server makes for an HTTP request: broadcast to every connection. */
export const SERVER_ORIGIN = Symbol('server')

/**
 * Commits a change made for an HTTP request through the room (persisted before broadcast, like
 * any update); a failure is a server error (the room has reset itself).
 */
export async function commitOrFail(
  room: Room,
  identity: Identity,
  origin: unknown,
  mutate: () => void,
): Promise<readonly FieldChange[]> {
  const result = await room.commit(identity, origin, mutate)
  if (result.ok) return result.changes
  throw new Error(`the change could not be ${result.reason === 'apply' ? 'applied' : 'stored'}`, {
    cause: result.error,
  })
}
