/** The URL of the y-websocket relay the test runner starts (see web-test-runner.config.mjs). */
export async function relayUrl(): Promise<string> {
  const response = await fetch('/__test-relay')
  const { url } = (await response.json()) as { url: string }
  return url
}
