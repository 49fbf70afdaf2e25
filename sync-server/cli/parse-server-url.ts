/** The base URL of a server from `--server` (no trailing slash), or null when it is not http(s). */
export function parseServerUrl(text: string): string | null {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.href.replace(/\/+$/, '')
      : null
  } catch {
    return null
  }
}
