/** Where a model's local copy stands: being read from IndexedDB, ready, not kept, or failed. */
export type StorageState =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'off' }
  | { status: 'failed'; message: string }
