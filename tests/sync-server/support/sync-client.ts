import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { waitFor } from './wait-for.ts'

export interface SyncClient {
  doc: Y.Doc
  provider: WebsocketProvider
  /**
   * The Yjs updates (sync step 2 and update payloads) exactly as received from the server, in
   * order. Read off the socket, not the doc: integrating a remote update can also delete local
   * items the server never saw, and those deletions are not something the server sent.
   */
  received: Uint8Array[]
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>
  destroy(): void
}

/** The stock y-websocket provider, unmodified, over the `ws` package (no BroadcastChannel). */
export function connectClient(
  syncUrl: string,
  room: string,
  token: string,
  options: { doc?: Y.Doc; connect?: boolean } = {},
): SyncClient {
  const doc = options.doc ?? new Y.Doc()
  const received: Uint8Array[] = []
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      this.on('message', (data: Buffer) => {
        const update = syncPayloadOf(new Uint8Array(data))
        if (update !== null) received.push(update)
      })
    }
  }
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 200,
  })
  return {
    doc,
    provider,
    received,
    synced: () => waitFor(`${room} to sync`, () => provider.synced),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** True when both docs hold exactly the same Yjs content (state vectors and delete sets). */
export function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))
}

/** The update carried by a sync step 2 or update frame; null for any other frame. */
function syncPayloadOf(frame: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== 0) return null
  const syncType = decoding.readVarUint(decoder)
  return syncType === 1 || syncType === 2 ? decoding.readVarUint8Array(decoder) : null
}
