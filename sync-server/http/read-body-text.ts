import type { Context } from 'hono'
import { IncomingMessage } from 'node:http'
import { PROBLEM_CODES } from '../../shared/problem-codes.ts'
import { ProblemError } from '../http/problem.ts'

const tooLarge = (maxBytes: number) =>
  new ProblemError(413, PROBLEM_CODES.payloadTooLarge, `The body is larger than ${maxBytes} bytes.`)

/**
 * The request body as text, at most `maxBytes` (else 413). On the Node server it is read straight
 * from the socket's IncomingMessage: building the fetch Request and its web stream costs more than
 * scoring one lead, and the scoring API is the hot path. Elsewhere (app.request() in tests, or a
 * body another middleware already opened) it is read from the Request.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes)
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming
  if (
    incoming instanceof IncomingMessage &&
    incoming.readableFlowing === null &&
    !incoming.readableEnded
  ) {
    return readIncoming(incoming, maxBytes)
  }
  const body = c.req.raw.body
  if (body === null) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        stop()
        // The rest is drained by the server once the 413 is answered, keeping the connection usable.
        incoming.resume()
        reject(tooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks).toString('utf8'),
      )
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
  })
}
