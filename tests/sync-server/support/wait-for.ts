/**
 * Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. A wait for an
 * outcome over the network, not a speed assertion: the timeout only bounds a hung test.
 */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Lets the event loop run for `ms` (to give a message that must NOT arrive a chance to). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
