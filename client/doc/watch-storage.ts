import type { IndexeddbPersistence } from 'y-indexeddb'

/** The object stores y-indexeddb keeps a doc in; a database without them is not one of ours. */
const STORES = ['updates', 'custom']

/**
 * Reports every way the browser's storage of a doc fails, which y-indexeddb itself leaves as
 * unhandled rejections: the database cannot be opened, it has another shape, a write fails or is
 * aborted (quota), or the browser closes it (storage cleared).
 */
export function watchStorage(
  persistence: IndexeddbPersistence,
  onFailure: (message: string) => void,
): void {
  persistence._db.then(
    (db) => {
      const missing = STORES.filter((name) => !db.objectStoreNames.contains(name))
      if (missing.length > 0) {
        onFailure(
          `The local database "${db.name}" lacks ${missing.join(' and ')}; edits are not kept.`,
        )
        return
      }
      // Request errors bubble to the transaction and then to the database.
      db.addEventListener('error', (event) => {
        onFailure(`Saving locally failed: ${errorOf(event)}`)
      })
      db.addEventListener('abort', (event) => {
        onFailure(`Saving locally was aborted: ${errorOf(event)}`)
      })
      db.addEventListener('close', () => {
        onFailure('The browser closed the local database (was site data cleared?).')
      })
    },
    (error: unknown) => {
      onFailure(
        `The local database cannot be opened: ${error instanceof Error ? error.message : String(error)}`,
      )
    },
  )
}

function errorOf(event: Event): string {
  const target = event.target as { error?: DOMException | null } | null
  const error = target?.error
  return error ? `${error.name}: ${error.message}` : 'unknown error'
}
