/** A clock the test moves by hand, injected as the workflow's `now`. */
export interface TestClock {
  now: () => number
  set(ms: number): void
  advance(ms: number): void
}

/** A test clock starting at `start` (epoch ms). */
export function createTestClock(start = Date.parse('2026-03-02T09:00:00Z')): TestClock {
  let current = start
  return {
    now: () => current,
    set: (ms) => void (current = ms),
    advance: (ms) => void (current += ms),
  }
}
