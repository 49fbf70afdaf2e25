import * as decoding from 'lib0/decoding'
import { hasRole } from '../../shared/identity-schema.ts'
import { REFUSALS, type Metrics } from '../metrics/create-metrics.ts'
import { CLOSE } from './close-codes.ts'
import { MESSAGE, SYNC } from './protocol-messages.ts'
import type { Connection } from './connection.ts'
import type { Room } from './room.ts'

/**
 * Handles one y-websocket frame from a connection. Anything that is not the protocol closes that
 * connection (4400); a viewer's sync step 2 and updates are dropped without a close, since every
 * stock client sends a step 2 on connect.
 */
export function handleMessage(
  room: Room,
  connection: Connection,
  bytes: Uint8Array,
  metrics: Metrics,
): void {
  const badMessage = () => {
    metrics.refusals.inc({ reason: REFUSALS.badMessage })
    connection.ws.close(CLOSE.badMessage.code, CLOSE.badMessage.reason)
  }
  try {
    const decoder = decoding.createDecoder(bytes)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync) {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (syncType === SYNC.step1) {
        room.answerSyncStep1(connection, payload)
      } else if (syncType === SYNC.step2 || syncType === SYNC.update) {
        if (hasRole(connection.identity.role, 'analyst')) room.receiveUpdate(connection, payload)
        else metrics.refusals.inc({ reason: REFUSALS.viewerWrite })
      } else {
        badMessage()
      }
    } else if (type === MESSAGE.awareness) {
      room.receiveAwareness(connection, decoding.readVarUint8Array(decoder))
    } else if (type === MESSAGE.queryAwareness) {
      room.answerQueryAwareness(connection)
    } else {
      badMessage()
    }
  } catch {
    // lib0 decoders throw on truncated input, and a malformed state vector throws while encoding step 2.
    badMessage()
  }
}
