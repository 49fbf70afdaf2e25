/** A part of the store whose methods run synchronously (better-sqlite3) instead of returning promises. */
export type SyncPart<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never
}

export interface SqliteGate {
  /** The async port of a synchronous part; each call first waits for an open transaction to end. */
  wrap<T>(part: SyncPart<T>): T
  /** Runs `fn` alone: other calls through the gate wait until it settled. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * One SQLite connection serves the whole process, so a transaction that awaits between its
 * statements must keep every other statement out until it commits: otherwise they would run
 * inside it. Calls outside a transaction run at once when none is open. `afterCall` runs after
 * each call that went through (the WAL checkpointer counts them).
 */
export function createSqliteGate(afterCall: () => void = () => {}): SqliteGate {
  let open: Promise<void> | null = null
  return {
    wrap<T>(part: SyncPart<T>): T {
      const wrapped: Record<string, unknown> = {}
      for (const [name, method] of Object.entries(part)) {
        const call = method as (...args: unknown[]) => unknown
        wrapped[name] = async (...args: unknown[]) => {
          // No await between the check and the call: it cannot land inside a transaction.
          while (open !== null) await open
          const result = call(...args)
          afterCall()
          return result
        }
      }
      return wrapped as T
    },
    async exclusive(fn) {
      // No await between the check and taking the gate: two waiters cannot both take it.
      while (open !== null) await open
      let release!: () => void
      open = new Promise((resolve) => (release = resolve))
      try {
        return await fn()
      } finally {
        open = null
        release()
        afterCall()
      }
    },
  }
}

/** The async port of a synchronous part, for use inside the open transaction (no waiting). */
export function asAsyncPart<T>(part: SyncPart<T>): T {
  const wrapped: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(part)) {
    const call = method as (...args: unknown[]) => unknown
    wrapped[name] = async (...args: unknown[]) => call(...args)
  }
  return wrapped as T
}
