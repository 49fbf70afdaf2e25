import type { WebSocket, WebSocketServer } from 'ws'

/**
 * Pings every connection each interval and terminates those that did not answer the previous ping:
 * a peer that vanished without a close (network loss) would otherwise hold its room in memory.
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number): () => void {
  const alive = new WeakMap<WebSocket, boolean>()
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.on('pong', () => alive.set(ws, true))
      else if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
