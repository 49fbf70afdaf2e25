import { createHmac } from 'node:crypto'

/** The headers of a webhook delivery; receivers read these. */
export const WEBHOOK_HEADERS = {
  signature: 'x-scoring-signature',
  event: 'x-scoring-event',
  delivery: 'x-scoring-delivery',
} as const

/**
 * The signature of a delivery: `sha256=` and the hex HMAC-SHA256 of the exact body bytes under
 * the webhook's secret. A receiver recomputes it over the raw body and compares in constant time.
 */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}
