import type { Logger } from '../log/create-logger.ts'
import type { Metrics } from '../metrics/create-metrics.ts'
import type { Store } from '../store/store.ts'
import { Room } from './room.ts'

export interface RoomsOptions {
  store: Store
  metrics: Metrics
  log: Logger
  persistence: boolean
  compactAfter: number
  maxBufferedBytes: number
  maxPendingBytes: number
  maxDocBytes: number
  /** Hands each presence change to the other instances (several instances on one store). */
  sharePresence?: (docId: string, update: Uint8Array) => void
}

export interface Rooms {
  /** The room, loaded from the store first when it is not in memory; rejects when loading fails. */
  open(name: string): Promise<Room>
  /** Runs `fn` with the room, and unloads it afterwards when no connection holds it. */
  use<T>(name: string, fn: (room: Room) => T | Promise<T>): Promise<T>
  /** The room when it is in memory. */
  peek(name: string): Room | undefined
  /** The names of the rooms in memory. */
  names(): string[]
  readonly size: number
  /** Drops the frames every room has queued and applies no more (shutdown, see Room.drain). */
  drainAll(): void
  /** Compacts and unloads every room (shutdown), after their connections were closed. */
  unloadAll(): Promise<void>
}

/** The registry of docs in memory: loaded on first use, unloaded (compacted) when the last client leaves. */
export function createRooms(options: RoomsOptions): Rooms {
  const rooms = new Map<string, Room>()
  const loading = new Map<string, Promise<Room>>()
  const unloading = new Map<Room, Promise<void>>()

  const forget = (room: Room) => {
    if (rooms.get(room.name) !== room) return
    rooms.delete(room.name)
    options.metrics.docsInMemory.set(rooms.size)
    room.destroy()
  }

  const unload = (room: Room, clean: boolean): Promise<void> => {
    if (rooms.get(room.name) !== room) return Promise.resolve()
    if (!clean) {
      forget(room)
      return Promise.resolve()
    }
    const existing = unloading.get(room)
    if (existing !== undefined) return existing
    const done = room
      .compact()
      .catch((error: unknown) => {
        // The update log is intact; the next load applies it and a later compaction folds it.
        options.log.error('compaction on unload failed', { room: room.name, error })
      })
      .then(() => {
        unloading.delete(room)
        // Someone may have joined or used the room while it was compacted.
        if (room.connections.size === 0 && room.holds === 0) forget(room)
      })
    unloading.set(room, done)
    return done
  }

  const open = async (name: string): Promise<Room> => {
    for (;;) {
      const existing = rooms.get(name)
      if (existing !== undefined && !existing.isDropped) return existing
      let pending = loading.get(name)
      if (pending === undefined) {
        pending = Room.load(name, {
          ...options,
          onRelease: (room, clean) => void unload(room, clean),
        })
          .then((room) => {
            rooms.set(name, room)
            options.metrics.docsInMemory.set(rooms.size)
            return room
          })
          .finally(() => loading.delete(name))
        loading.set(name, pending)
      }
      const room = await pending
      if (!room.isDropped) return room
    }
  }

  return {
    open,
    async use(name, fn) {
      let room = await open(name)
      // Unloaded between the load and this line: load it again.
      while (room.isDropped) room = await open(name)
      room.holds++
      try {
        return await fn(room)
      } finally {
        room.holds--
        if (room.connections.size === 0 && room.holds === 0) void unload(room, true)
      }
    },
    peek: (name) => rooms.get(name),
    names: () => [...rooms.keys()],
    get size() {
      return rooms.size
    },
    drainAll() {
      for (const room of rooms.values()) room.drain()
    },
    async unloadAll() {
      await Promise.all([...rooms.values()].map((room) => unload(room, true)))
    },
  }
}
