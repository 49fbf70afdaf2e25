/** One entry of a doc's change feed: who changed which field, from what, to what, when. */
export interface ChangeEntry {
  id: number
  /** The seq of the update that made the change. */
  seq: number
  at: number
  user: { id: string; name: string }
  factorId: string | null
  field: string
  from: unknown
  to: unknown
}

export interface ChangeStore {
  /** Entries oldest first, with id > `after`, at most `limit`. */
  list(docId: string, options: { after: number; limit: number }): Promise<ChangeEntry[]>
}
