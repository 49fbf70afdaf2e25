import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { forbiddenRangeOf } from './forbidden-address-range.ts'

/** Every address a host name resolves to. */
export type ResolveHost = (hostname: string) => Promise<string[]>

const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address)

export type TargetCheck = { ok: true } | { ok: false; reason: string }

/**
 * Whether a webhook may be registered for `url`: never with credentials in it (the signing secret
 * authenticates the sender), and, unless `allowPrivate`, never to a loopback, private, link-local,
 * unique-local or metadata address, however it is spelled (`127.1`, `0x7f000001`, `[::ffff:…]`:
 * the URL parser writes IPv4 in dotted form) or whatever a host name resolves to. Deliveries check
 * the resolved address again when they connect (see postWebhook), so a name that changes its
 * answer later is caught there.
 */
export async function checkWebhookTarget(
  url: string,
  { allowPrivate, resolve = resolveHost }: { allowPrivate: boolean; resolve?: ResolveHost },
): Promise<TargetCheck> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, reason: 'The webhook URL cannot be parsed.' }
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return {
      ok: false,
      reason:
        'The webhook URL carries credentials; deliveries are authenticated by their signature.',
    }
  }
  if (allowPrivate) return { ok: true }
  const host = webhookHostOf(parsed)
  const byName = forbiddenNameOf(host)
  if (byName !== null) return refused(host, byName)
  if (isIP(host) !== 0) {
    const range = forbiddenRangeOf(host)
    return range === null ? { ok: true } : refused(host, range)
  }
  let addresses: string[]
  try {
    addresses = await resolve(host)
  } catch {
    return { ok: false, reason: `The webhook host "${host}" cannot be resolved.` }
  }
  if (addresses.length === 0) {
    return { ok: false, reason: `The webhook host "${host}" cannot be resolved.` }
  }
  for (const address of addresses) {
    const range = forbiddenRangeOf(address)
    if (range !== null) return refused(host, `${range} (it resolves to ${address})`)
  }
  return { ok: true }
}

/** The host a URL connects to: IPv6 without brackets, without a trailing root dot. */
export function webhookHostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

/** `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says. */
export function forbiddenNameOf(host: string): string | null {
  const name = host.toLowerCase()
  return name === 'localhost' || name.endsWith('.localhost') ? 'loopback' : null
}

function refused(host: string, range: string): TargetCheck {
  return {
    ok: false,
    reason: `Webhooks may not reach ${host}: ${range}. Set WEBHOOK_ALLOW_PRIVATE=1 to allow private targets.`,
  }
}
