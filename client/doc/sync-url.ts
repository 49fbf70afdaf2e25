/** The sync endpoint of the server that served the page: `ws(s)://host/sync`. */
export function syncUrlFor(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/sync`
}
