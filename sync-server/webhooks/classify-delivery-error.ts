import { CredentialsInUrlError } from './credentials-in-url-error.ts'
import { ForbiddenAddressError } from './guarded-lookup.ts'

/**
 * What a failed delivery records: a class, never the raw error text, so the delivery log does not
 * tell a release manager how an internal host answered (a port-scan oracle).
 */
export const DELIVERY_ERRORS = {
  timeout: 'timeout',
  refused: 'refused',
  tls: 'tls',
  dns: 'dns',
  forbiddenAddress: 'forbidden-address',
  /** Never retried: the stored URL will not change by itself. */
  credentialsInUrl: 'credentials-in-url',
  network: 'network',
} as const
export type DeliveryErrorClass = (typeof DELIVERY_ERRORS)[keyof typeof DELIVERY_ERRORS]

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME'])

/** The class of an error thrown by postWebhook; `timedOut` when the attempt's timer fired. */
export function classifyDeliveryError(error: unknown, timedOut: boolean): DeliveryErrorClass {
  if (timedOut) return DELIVERY_ERRORS.timeout
  if (error instanceof ForbiddenAddressError) return DELIVERY_ERRORS.forbiddenAddress
  if (error instanceof CredentialsInUrlError) return DELIVERY_ERRORS.credentialsInUrl
  const code = String((error as { code?: unknown } | null)?.code ?? '')
  if (DNS_CODES.has(code)) return DELIVERY_ERRORS.dns
  if (code === 'ECONNREFUSED') return DELIVERY_ERRORS.refused
  if (code === 'ETIMEDOUT') return DELIVERY_ERRORS.timeout
  if (/^ERR_(TLS|SSL)_|CERT|EPROTO/.test(code)) return DELIVERY_ERRORS.tls
  return DELIVERY_ERRORS.network
}

/** The class of an answer that is not 2xx. */
export function statusClass(status: number): string {
  return `status ${status}`
}
