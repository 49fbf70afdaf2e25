import WebSocket from 'ws'

export interface RawSocket {
  ws: WebSocket
  /** Resolves once open; rejects with the HTTP status when the upgrade is refused. */
  opened: Promise<void>
  /** Resolves with the close code and reason once the connection closed. */
  closed: Promise<{ code: number; reason: string }>
  /** Every binary message received, in order. */
  messages: Uint8Array[]
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with HTTP ${status}`)
  }
}

/** A bare websocket to the sync endpoint, for sending what no stock client would. */
export function openRawSocket(url: string): RawSocket {
  const ws = new WebSocket(url)
  const messages: Uint8Array[] = []
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)))
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => reject(new UpgradeRefused(response.statusCode ?? 0, body)))
    })
    ws.once('error', reject)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  // Errors (refused upgrades, resets) surface through `opened`/`closed`; this keeps them from being unhandled.
  ws.on('error', () => {})
  opened.catch(() => {})
  return { ws, opened, closed, messages }
}
