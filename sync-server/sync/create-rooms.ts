import type { Logger } from '../log/create-logger.ts'
import type { Metrics } from '../metrics/create-metrics.ts'
import type { Store } from '../store/open-store.ts'
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
}

export interface Rooms {
  /** The room, loaded from SQLite first when it is not in memory; throws when loading fails. */
  open(name: string): Room
  /** Runs `fn` with the room, and unloads it afterwards when no connection holds it. */
  use<T>(name: string, fn: (room: Room) => T): T
  /** The room when it is in memory. */
  peek(name: string): Room | undefined
  readonly size: number
  /** Compacts and unloads every room (shutdown), after their connections were closed. */
  unloadAll(): void
}

/** The registry of docs in memory: loaded on first use, unloaded (compacted) when the last client leaves. */
export function createRooms(options: RoomsOptions): Rooms {
  const rooms = new Map<string, Room>()

  const unload = (room: Room, clean: boolean) => {
    if (rooms.get(room.name) !== room) return
    rooms.delete(room.name)
    options.metrics.docsInMemory.set(rooms.size)
    if (clean) {
      try {
        room.compact()
      } catch (error) {
        // The update log is intact; the next load applies it and a later compaction folds it.
        options.log.error('compaction on unload failed', { room: room.name, error })
      }
    }
    room.destroy()
  }

  const open = (name: string): Room => {
    const existing = rooms.get(name)
    if (existing !== undefined) return existing
    const room = Room.load(name, { ...options, onRelease: unload })
    rooms.set(name, room)
    options.metrics.docsInMemory.set(rooms.size)
    return room
  }

  return {
    open,
    use(name, fn) {
      const room = open(name)
      try {
        return fn(room)
      } finally {
        if (room.connections.size === 0) unload(room, true)
      }
    },
    peek: (name) => rooms.get(name),
    get size() {
      return rooms.size
    },
    unloadAll() {
      for (const room of [...rooms.values()]) unload(room, true)
    },
  }
}
