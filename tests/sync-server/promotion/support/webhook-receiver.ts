import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  /** The status the receiver answered with. */
  status: number
}

export interface WebhookReceiver {
  url: string
  received: Received[]
  /** Decides the status of the next request (its 0-based index among all received). */
  respond: (index: number) => number
  close(): Promise<void>
}

/** A local HTTP endpoint that records every webhook delivery and answers as told. */
export async function startWebhookReceiver(
  respond: (index: number) => number,
): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    respond,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const status = receiver.respond(receiver.received.length)
      receiver.received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  const close = receiver.close
  receiver.close = () => {
    server.closeAllConnections()
    return close()
  }
  return receiver
}
