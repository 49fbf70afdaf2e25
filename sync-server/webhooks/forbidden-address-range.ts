import { isIP } from 'node:net'

/** IPv4 ranges a webhook may not reach: [first address, prefix length, what it is]. */
const IPV4_RANGES: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
]

const IPV4_MASKS = IPV4_RANGES.map(([first, prefix, label]) => {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0
  return { base: (ipv4ToInt(first) & mask) >>> 0, mask, label }
})

/**
 * Why a webhook may not reach `address` (an IP literal, IPv6 without brackets), or null when it
 * is a public address. Loopback, private, link-local (where cloud metadata services answer),
 * unique-local, multicast and reserved ranges are refused, and so is an IPv6 address that embeds
 * such an IPv4 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Anything that is not an IP literal
 * is refused too: the caller resolves names first.
 */
export function forbiddenRangeOf(address: string): string | null {
  const family = isIP(address)
  if (family === 4) return forbiddenIpv4(ipv4ToInt(address))
  if (family === 6) return forbiddenIpv6(address)
  return 'not an IP address'
}

function forbiddenIpv4(value: number): string | null {
  for (const { base, mask, label } of IPV4_MASKS) {
    if ((value & mask) >>> 0 === base) return label
  }
  return null
}

function forbiddenIpv6(address: string): string | null {
  const h = ipv6Hextets(address)
  const zero = (from: number, to: number) => h.slice(from, to).every((x) => x === 0)
  const embedded = (hi: number, lo: number) => forbiddenIpv4(((hi << 16) | lo) >>> 0)
  if (zero(0, 7) && h[7] === 1) return 'loopback'
  if (zero(0, 8)) return 'unspecified'
  // ::a.b.c.d (IPv4-compatible), ::ffff:a.b.c.d (IPv4-mapped), 64:ff9b::a.b.c.d (NAT64).
  if (
    zero(0, 6) ||
    (zero(0, 5) && h[5] === 0xffff) ||
    (h[0] === 0x64 && h[1] === 0xff9b && zero(2, 6))
  ) {
    const inner = embedded(h[6] as number, h[7] as number)
    return inner === null ? null : `${inner} (embedded IPv4)`
  }
  if (h[0] === 0x2002) {
    const inner = embedded(h[1] as number, h[2] as number)
    return inner === null ? null : `${inner} (6to4)`
  }
  const first = h[0] as number
  if ((first & 0xfe00) === 0xfc00) return 'unique-local'
  if ((first & 0xffc0) === 0xfe80) return 'link-local'
  if ((first & 0xffc0) === 0xfec0) return 'site-local'
  if ((first & 0xff00) === 0xff00) return 'multicast'
  // Teredo tunnels carry an obfuscated IPv4 address that could be anything.
  if (first === 0x2001 && h[1] === 0) return 'Teredo'
  return null
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0)
}

/** The eight 16-bit groups of a valid IPv6 literal (`::` expanded, a trailing IPv4 part split). */
function ipv6Hextets(address: string): number[] {
  let text = address.split('%')[0] as string
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted !== null) {
    const v4 = ipv4ToInt(dotted[1] as string)
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((x) => parseInt(x, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
}
