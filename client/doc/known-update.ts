import * as Y from 'yjs'

/** An update to recognise when it arrives: its bytes, the structs it inserts and what it deletes. */
export interface KnownUpdate {
  update: Uint8Array
  /** Per client id, the clock range [from, to) of the structs it inserts. */
  inserted: ReadonlyMap<number, { from: number; to: number }>
  deleted: ReturnType<typeof Y.decodeUpdate>['ds']
}

/** Reads what `update` inserts and deletes, to recognise it later. */
export function knowUpdate(update: Uint8Array): KnownUpdate {
  const { from, to } = Y.parseUpdateMeta(update)
  const inserted = new Map<number, { from: number; to: number }>()
  for (const [client, end] of to) {
    const start = from.get(client) ?? 0
    if (end > start) inserted.set(client, { from: start, to: end })
  }
  return { update, inserted, deleted: Y.decodeUpdate(update).ds }
}

/**
 * True when the transaction carried part of the update and nothing else: it inserted only structs
 * of the update's clients (later ones count: the branch kept being edited), or, inserting nothing,
 * deleted only what the update deletes. A transaction that also carries a co-editor's edit (a
 * reconnect's catch-up) is not the update alone.
 */
export function bringsOnly(transaction: Y.Transaction, known: KnownUpdate): boolean {
  let inserted = false
  for (const [client, end] of transaction.afterState) {
    const start = transaction.beforeState.get(client) ?? 0
    if (end <= start) continue
    const range = known.inserted.get(client)
    if (range === undefined || end <= range.from) return false
    inserted = true
  }
  if (inserted) return true
  let deleted = false
  for (const [client, items] of transaction.deleteSet.clients) {
    for (const { clock, len } of items) {
      for (let c = clock; c < clock + len; c++) {
        if (!Y.isDeleted(known.deleted, Y.createID(client, c))) return false
        deleted = true
      }
    }
  }
  return deleted
}

/** True when the doc holds all of the update: every struct it inserts, every deletion it makes. */
export function holdsUpdate(doc: Y.Doc, known: KnownUpdate): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(doc), known.update)
}
