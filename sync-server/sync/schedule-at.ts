/** The longest delay setTimeout takes (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Runs `fn` once at `epochMs` (at once when that has passed); returns a function that cancels it. */
export function scheduleAt(epochMs: number, fn: () => void): () => void {
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    const left = epochMs - Date.now()
    if (left <= 0) {
      fn()
      return
    }
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS))
    // Never what keeps the process alive: a shutdown closes the sockets these belong to.
    timer.unref()
  }
  arm()
  return () => clearTimeout(timer)
}
