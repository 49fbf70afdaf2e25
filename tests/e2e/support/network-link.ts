import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * A loopback TCP relay in front of the app server that can lose the network the way a laptop
 * does: `cut()` stops every byte in both directions without closing anything, so the server sees a
 * silent peer (no close frame, no answer to pings), as when wifi drops. `restore()` resets the
 * dead connections, as a real network change does, and lets new ones through; `refuse()` is a
 * server that cannot be reached.
 */
export interface NetworkLink {
  /** http://127.0.0.1:<port> of the relay. */
  url: string
  /** The network drops: every byte is lost, nothing is closed. */
  cut(): void
  /** The server is unreachable: connections are reset and new ones refused. */
  refuse(): void
  restore(): void
  close(): Promise<void>
}

export async function openNetworkLink(targetPort: number): Promise<NetworkLink> {
  const pairs = new Set<[Socket, Socket]>()
  let up = true
  const server: Server = createServer((client) => {
    if (!up) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    const pair: [Socket, Socket] = [client, upstream]
    pairs.add(pair)
    client.pipe(upstream)
    upstream.pipe(client)
    const drop = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no relay port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      up = false
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream)
        upstream.unpipe(client)
        // Read and discard: a paused socket would push back, which a dead network does not.
        client.on('data', () => {})
        upstream.on('data', () => {})
      }
    },
    refuse() {
      up = false
      for (const [client] of pairs) client.resetAndDestroy()
    },
    restore() {
      for (const [client] of pairs) client.resetAndDestroy()
      up = true
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy()
        upstream.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
