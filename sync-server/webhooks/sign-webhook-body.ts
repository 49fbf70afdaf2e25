import { createHmac } from 'node:crypto'

/** The headers of a webhook delivery; receivers read these. */
export const WEBHOOK_HEADERS = {
  signature: 'x-scoring-signature',
  event: 'x-scoring-event',
  delivery: 'x-scoring-delivery',
} as const

/** How old a signature a receiver should accept, in seconds (README: verifying deliveries). */
export const WEBHOOK_REPLAY_WINDOW_SECONDS = 300

/**
 * The signature of a delivery sent at `atMs`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
 * under the webhook's secret. The timestamp is signed with the body, so a receiver that checks
 * the HMAC in constant time and refuses a `t` outside its replay window cannot be fed a recorded
 * delivery later; each attempt is signed anew.
 */
export function signWebhookBody(secret: string, body: string, atMs: number): string {
  const t = Math.floor(atMs / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex')
  return `t=${t},v1=${v1}`
}
