import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ListenerRequest } from './sync-listener-child.ts'
import type { EditLog } from './sync-latency.ts'

const CHILD = fileURLToPath(new URL('./sync-listener-child.ts', import.meta.url))

/** Listening clients spread over a few child processes, so the client side is not one event loop. */
export interface ListenerPool {
  /** Adds listeners until there are `total`, all synced with the room. */
  connect(
    target: { serverUrl: string; room: string; params: Record<string, string> },
    total: number,
    writerId: number,
  ): Promise<{ ms: number }>
  /** Disconnects listeners until `total` remain. */
  shrink(total: number): Promise<void>
  /** Waits until every listener's doc holds the writer's clock `clock`; returns how many did not. */
  drain(clock: number, timeoutMs: number): Promise<{ behind: number; closes: number }>
  /**
   * The latency of every edit to every listener, and each edit's latency to the first listener
   * that had it (then forgets what the listeners saw).
   */
  collect(edits: EditLog): Promise<{
    latencies: Float64Array[]
    fastest: Float64Array
    missed: number
    closes: number
  }>
  close(): Promise<void>
}

interface Child {
  process: ChildProcess
  count: number
  pending: Map<number, { resolve(reply: unknown): void; reject(error: Error): void }>
}

/** Forks `processes` listener processes (they inherit this process's flags, tsx included). */
export function spawnListenerPool(processes: number): ListenerPool {
  let nextId = 0
  const children: Child[] = Array.from({ length: processes }, () => {
    const child: Child = {
      process: fork(CHILD, [], { serialization: 'advanced', stdio: 'inherit' }),
      count: 0,
      pending: new Map(),
    }
    child.process.on(
      'message',
      (message: { id: number; ok: boolean; reply?: unknown; error?: string }) => {
        const waiting = child.pending.get(message.id)
        child.pending.delete(message.id)
        if (message.ok) waiting?.resolve(message.reply)
        else waiting?.reject(new Error(message.error))
      },
    )
    child.process.on('exit', (code) => {
      for (const waiting of child.pending.values())
        waiting.reject(new Error(`listener exited (${code})`))
      child.pending.clear()
    })
    return child
  })

  const ask = <T>(child: Child, request: ListenerRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.process.connected) {
        reject(new Error('listener process is gone'))
        return
      }
      const id = nextId++
      child.pending.set(id, { resolve: resolve as (reply: unknown) => void, reject })
      child.process.send({ id, request })
    })

  /** How many of `total` listeners child `k` holds: as even a split as can be. */
  const share = (total: number, k: number): number =>
    Math.floor(total / processes) + (k < total % processes ? 1 : 0)

  return {
    async connect(target, total, writerId) {
      const started = performance.now()
      await Promise.all(
        children.map(async (child, k) => {
          const count = share(total, k) - child.count
          if (count <= 0) return
          const timeoutMs = 30_000
          await ask(child, { type: 'connect', ...target, count, writerId, timeoutMs })
          child.count += count
        }),
      )
      return { ms: performance.now() - started }
    },
    async shrink(total) {
      await Promise.all(
        children.map(async (child, k) => {
          const keep = share(total, k)
          if (keep >= child.count) return
          await ask(child, { type: 'drop', keep })
          child.count = keep
        }),
      )
    },
    async drain(clock, timeoutMs) {
      const replies = await Promise.all(
        children.map((child) =>
          ask<{ behind: number; closes: number }>(child, { type: 'drain', clock, timeoutMs }),
        ),
      )
      return {
        behind: replies.reduce((a, r) => a + r.behind, 0),
        closes: replies.reduce((a, r) => a + r.closes, 0),
      }
    },
    async collect(edits) {
      const replies = await Promise.all(
        children.map((child) =>
          ask<{ latencies: Float64Array; fastest: Float64Array; missed: number; closes: number }>(
            child,
            { type: 'collect', edits },
          ),
        ),
      )
      const fastest = new Float64Array(edits.clocks.length).fill(Number.POSITIVE_INFINITY)
      for (const reply of replies) {
        reply.fastest.forEach((latency, i) => {
          if (latency < (fastest[i] as number)) fastest[i] = latency
        })
      }
      return {
        latencies: replies.map((r) => r.latencies),
        fastest,
        missed: replies.reduce((a, r) => a + r.missed, 0),
        closes: replies.reduce((a, r) => a + r.closes, 0),
      }
    },
    async close() {
      await Promise.all(
        children.map(async (child) => {
          if (child.process.exitCode !== null || !child.process.connected) return
          const exited = new Promise((resolve) => child.process.once('exit', resolve))
          await ask(child, { type: 'close' }).catch(() => {})
          const timer = setTimeout(() => child.process.kill('SIGKILL'), 5000)
          await exited
          clearTimeout(timer)
        }),
      )
    },
  }
}
