import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { forbiddenNameOf, webhookHostOf } from './check-webhook-target.ts'
import { CredentialsInUrlError } from './credentials-in-url-error.ts'
import { forbiddenRangeOf } from './forbidden-address-range.ts'
import { ForbiddenAddressError, guardedLookup } from './guarded-lookup.ts'

export interface PostWebhookOptions {
  url: string
  headers: Record<string, string>
  body: string
  signal: AbortSignal
  allowPrivate: boolean
}

/**
 * POSTs one delivery and resolves to the receiver's HTTP status (redirects are not followed).
 * A URL with credentials in it (stored before registration refused them) is never contacted.
 * Unless `allowPrivate`, the address is checked as the socket connects: an IP literal before
 * the request, a host name by the lookup the socket uses, so the address checked is the address
 * connected to, whatever the name resolved to at registration.
 */
export function postWebhook(options: PostWebhookOptions): Promise<number> {
  const url = new URL(options.url)
  if (url.username !== '' || url.password !== '') return Promise.reject(new CredentialsInUrlError())
  const host = webhookHostOf(url)
  if (!options.allowPrivate) {
    const range = forbiddenNameOf(host) ?? (isIP(host) === 0 ? null : forbiddenRangeOf(host))
    if (range !== null) return Promise.reject(new ForbiddenAddressError(host, range))
  }
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        signal: options.signal,
        // A fresh connection per delivery: a pooled socket was connected by another lookup.
        agent: false,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        resolve(response.statusCode ?? 0)
        // The answer's body is not needed; closing drops whatever the receiver still sends.
        response.destroy()
      },
    )
    request.on('error', reject)
    request.end(options.body)
  })
}
