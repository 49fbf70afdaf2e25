import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Identity } from '../../shared/identity-schema.ts'
import { REFUSALS, type Refusal } from '../metrics/create-metrics.ts'
import { userColor } from './user-color.ts'

/** Awareness states larger than this (as JSON) are dropped: presence is cursors and names, not data. */
export const MAX_AWARENESS_STATE_BYTES = 8 * 1024

export interface AwarenessOwnership {
  /** The clientID this connection owns, once it announced one. */
  owned: number | null
  /** True when another user's connection in the room owns `clientId`. */
  ownedByOther(clientId: number): boolean
}

export type FilteredAwareness =
  | { ok: true; update: Uint8Array | null; claimed: number | null; refusals: Refusal[] }
  | { ok: false }

/**
 * Keeps the entries of an awareness update a connection may send: only for the clientID it owns
 * (the first it announces that no other user holds), states under the size limit, and with `user`
 * overwritten by the token's identity. Returns the re-encoded update (null when nothing is left),
 * or not ok when the bytes are not an awareness update at all.
 */
export function filterAwarenessUpdate(
  bytes: Uint8Array,
  identity: Identity,
  ownership: AwarenessOwnership,
): FilteredAwareness {
  const entries: { clientId: number; clock: number; state: string }[] = []
  const refusals: Refusal[] = []
  let owned = ownership.owned
  let claimed: number | null = null
  try {
    const decoder = decoding.createDecoder(bytes)
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      if (owned === null && !ownership.ownedByOther(clientId)) {
        owned = clientId
        claimed = clientId
      }
      if (clientId !== owned) {
        refusals.push(REFUSALS.awarenessSpoof)
        continue
      }
      if (Buffer.byteLength(json) > MAX_AWARENESS_STATE_BYTES) {
        refusals.push(REFUSALS.awarenessTooLarge)
        continue
      }
      const state = JSON.parse(json) as unknown
      if (state === null) {
        entries.push({ clientId, clock, state: 'null' })
      } else if (typeof state === 'object' && !Array.isArray(state)) {
        const user = {
          id: identity.id,
          name: identity.name,
          role: identity.role,
          color: userColor(identity.id),
        }
        entries.push({ clientId, clock, state: JSON.stringify({ ...state, user }) })
      } else {
        // Awareness states are objects by protocol; anything else is not presence we can stamp.
        refusals.push(REFUSALS.badMessage)
      }
    }
  } catch {
    return { ok: false }
  }
  if (entries.length === 0) return { ok: true, update: null, claimed, refusals }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.state)
  }
  return { ok: true, update: encoding.toUint8Array(encoder), claimed, refusals }
}
