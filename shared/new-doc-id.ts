import { getRandomValues } from 'lib0/webcrypto'

/**
 * A fresh key for an entry of a shared map (a factor, a tier): 80 random bits, so two peers that
 * add entries while apart never pick the same key — a key made from a position or a count would
 * make the second writer silently replace the first one's entry on merge.
 */
export function newDocId(prefix = ''): string {
  const words = getRandomValues(new Uint16Array(5))
  return prefix + Array.from(words, (w) => w.toString(16).padStart(4, '0')).join('')
}
