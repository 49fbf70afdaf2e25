/**
 * Times, in a fresh process, what our server does to serve a doc nobody has open: load it from
 * SQLite (`rooms.open` of a started server, as its websocket upgrade does: read the compacted
 * state and the updates after it, apply them) and encode the sync step 2 a new client gets. Runs alternate with a bare
 * `Y.applyUpdate` of the same final state, so both see the same JIT and cache conditions.
 * Options come as JSON in argv[2]; the timings go back over IPC.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs'
import * as Y from 'yjs'
import { startServer } from '../../sync-server/start-server.ts'

export interface ColdLoadChildOptions {
  dataDir: string
  secret: string
  docId: string
  /** A file holding `Y.encodeStateAsUpdate` of the doc as its writer last had it. */
  statePath: string
  runs: number
  /** Time one compaction of the loaded doc in the last run. */
  compactInLastRun: boolean
}

export interface ColdLoadChildResult {
  bareMs: number[]
  loadMs: number[]
  step2Ms: number[]
  /** Updates the load applied beyond the compacted state. */
  tail: number
  compactMs: number | null
  sameState: boolean
}

// Nothing to finish for a parent that went away.
process.on('disconnect', () => process.exit(0))
const options = JSON.parse(process.argv[2] ?? '{}') as ColdLoadChildOptions
const state = new Uint8Array(readFileSync(options.statePath))
const emptyStateVector = Y.encodeStateVector(new Y.Doc())
const result: ColdLoadChildResult = {
  bareMs: [],
  loadMs: [],
  step2Ms: [],
  tail: 0,
  compactMs: null,
  sameState: true,
}
const expected = Y.encodeStateVector(applied(state))

for (let run = 0; run < options.runs; run++) {
  globalThis.gc?.()
  let started = performance.now()
  const bare = applied(state)
  result.bareMs.push(performance.now() - started)
  bare.destroy()

  // Each run on a fresh copy of the data, in a server started anew, so nothing of the doc is
  // cached in this process and the shutdown's compaction changes nothing the next run loads.
  const runDir = `${options.dataDir}-run-${run}`
  cpSync(options.dataDir, runDir, { recursive: true })
  const server = await startServer({
    port: 0,
    dataDir: runDir,
    secret: options.secret,
    seedDemo: false,
  })
  try {
    globalThis.gc?.()
    started = performance.now()
    const room = await server.rooms.open(options.docId)
    const loaded = performance.now()
    room.syncStep2For(emptyStateVector)
    result.step2Ms.push(performance.now() - loaded)
    result.loadMs.push(loaded - started)
    result.sameState &&= sameBytes(Y.encodeStateVector(room.doc), expected)
    result.tail = (await server.store.docs.load(options.docId))?.updates.length ?? 0
    if (options.compactInLastRun && run === options.runs - 1) {
      started = performance.now()
      await room.compact()
      result.compactMs = performance.now() - started
    }
  } finally {
    await server.close()
    rmSync(runDir, { recursive: true, force: true })
  }
}
process.send?.(result, () => process.exit(0))

function applied(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
