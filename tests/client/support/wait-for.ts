/**
 * Waits until `check` returns (or resolves to) a value other than undefined/false/null and returns
 * it. The limit is a safety net against hanging, not a speed assertion: it is far above what the
 * work needs.
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  limitMs = 10_000,
): Promise<T> {
  const started = performance.now()
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== null && value !== false) return value
    if (performance.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Lets Lit finish rendering an element (and any it re-rendered on the way). */
export async function settle(element: { updateComplete: Promise<unknown> }): Promise<void> {
  while (!(await element.updateComplete)) {
    // updateComplete resolves false while another update is pending; wait for that one too.
  }
}
