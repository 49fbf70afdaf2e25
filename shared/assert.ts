/** Throws when an invariant does not hold: a bug, never an expected failure (those are values). */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`)
}

/** Marks a branch the types prove unreachable. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`)
}
