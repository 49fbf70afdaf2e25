import type { ResponseBody } from '../../support/http-client.ts'

export interface SseMessage {
  event: string
  id: string
  data: ResponseBody
}

export interface EventStream {
  status: number
  messages: SseMessage[]
  /** True once the server ended the stream (or close() aborted it). */
  ended: boolean
  close(): void
}

/** Reads a Server-Sent Events stream as a browser's EventSource would, collecting its messages. */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  const stream: EventStream = {
    status: response.status,
    messages: [],
    ended: false,
    close: () => controller.abort(),
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel()
    return stream
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        buffer += value
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const fields: Record<string, string> = {}
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue
            const colon = line.indexOf(':')
            fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart()
          }
          if (fields.data !== undefined) {
            stream.messages.push({
              event: fields.event ?? 'message',
              id: fields.id ?? '',
              data: JSON.parse(fields.data),
            })
          }
        }
      }
    } catch {
      // Aborted by close(), or the server went away: the messages so far stay readable.
    } finally {
      stream.ended = true
    }
  })()
  return stream
}
