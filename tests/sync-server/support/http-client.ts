/** A parsed response body: tests assert its shape, so it is left untyped for them to probe. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResponseBody = any

/** A JSON request to the server with an optional bearer token; returns status, content type and body. */
export async function request(
  baseUrl: string,
  path: string,
  options: { token?: string; method?: string; body?: unknown; rawBody?: string } = {},
): Promise<{ status: number; contentType: string; body: ResponseBody }> {
  const headers: Record<string, string> = {}
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.rawBody !== undefined) body = options.rawBody
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  })
  const contentType = response.headers.get('content-type') ?? ''
  const text = await response.text()
  return {
    status: response.status,
    contentType,
    body: contentType.includes('json') ? JSON.parse(text) : text,
  }
}
