import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { openStore } from '../../sync-server/store/open-store.ts'
import { spawnOurServer } from './sync-bench-server.ts'
import type { ColdLoadChildOptions, ColdLoadChildResult } from './sync-cold-load-child.ts'
import { spawnListenerPool } from './sync-listener-pool.ts'
import { connectWriter, type Writer } from './sync-writer.ts'

const CHILD = fileURLToPath(new URL('./sync-cold-load-child.ts', import.meta.url))
const ROOM = 'bench-cold-load'
const TIMEOUT_MS = 60_000
const UNLOAD_WAIT_MS = 300

/** Timings of loading one doc with a long history, in ms (medians of the runs, runs kept). */
export interface ColdLoadFigures {
  edits: number
  stateBytes: number
  /** Building the doc through our server: every edit committed and relayed to one listener. */
  buildMs: number
  /** The clean shutdown after the build (it compacts what the background compaction left). */
  shutdownMs: number
  /** Server-side load of the doc as the server left it (compacted state), beside bare applies. */
  compacted: ColdLoadChildResult
  /** The same history as after a crash just before a compaction: state + 500 updates. */
  crashTail: ColdLoadChildResult
  /** The whole history as 20k separate updates, never compacted; then one compaction. */
  uncompacted: ColdLoadChildResult
  /** A fresh server process, one stock provider: connect to synced (and the client's own apply). */
  endToEnd: { connectMs: number[]; clientApplyMs: number[] }
  /** The same, once the doc left the memory of a server that had already served it once. */
  reopen: { connectMs: number[]; clientApplyMs: number[] }
}

/**
 * Builds a doc of `edits` small edits through our server (persistence on), stops it, and times
 * loading it back: server-side in a fresh process, end to end through a fresh server, and against
 * the same history stored uncompacted.
 */
export async function runColdLoad(
  workDir: string,
  secret: string,
  edits: number,
): Promise<ColdLoadFigures> {
  const dataDir = join(workDir, 'cold-built')
  let server = await spawnOurServer('ours (build)', { dataDir, persistence: true, secret })
  const pool = spawnListenerPool(1)
  const updates: Uint8Array[] = []
  let writer: Writer | undefined
  let buildMs: number
  let finalState: Uint8Array
  try {
    writer = await connectWriter(server.target(ROOM, 'writer'))
    await pool.connect(server.target(ROOM, 'listener'), 1, writer.clientId)
    // Everything the doc ever held, as the updates the server stored one by one.
    updates.push(Y.encodeStateAsUpdate(writer.doc))
    writer.doc.on('update', (update: Uint8Array) => updates.push(update))
    const started = performance.now()
    for (let i = 0; i < edits; i++) {
      writer.edit()
      // Let the socket flush now and then rather than queueing 20k frames at once.
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
    }
    const { behind } = await pool.drain(writer.clock(), TIMEOUT_MS)
    if (behind > 0) throw new Error('the cold-load build did not reach its listener')
    buildMs = performance.now() - started
    finalState = Y.encodeStateAsUpdate(writer.doc)
  } catch (error) {
    await server.stop()
    throw error
  } finally {
    writer?.close()
    await pool.close()
  }
  const statePath = join(workDir, 'final-state.bin')
  writeFileSync(statePath, finalState)
  const { closeMs = Number.NaN } = await server.stop()

  const endToEnd = { connectMs: [] as number[], clientApplyMs: [] as number[] }
  const reopen = { connectMs: [] as number[], clientApplyMs: [] as number[] }
  for (let run = 0; run < 3; run++) {
    server = await spawnOurServer('ours (cold)', { dataDir, persistence: true, secret })
    try {
      const cold = await connectOnce(server.target(ROOM, 'listener'), finalState)
      endToEnd.connectMs.push(cold.connectMs)
      endToEnd.clientApplyMs.push(cold.clientApplyMs)
      // The doc leaves memory once its last client left; the next client loads it again, now
      // from a server process that has run the code once.
      await new Promise((resolve) => setTimeout(resolve, UNLOAD_WAIT_MS))
      const again = await connectOnce(server.target(ROOM, 'listener'), finalState)
      reopen.connectMs.push(again.connectMs)
      reopen.clientApplyMs.push(again.clientApplyMs)
    } finally {
      await server.stop()
    }
  }

  const compacted = await timeInChild({
    dataDir,
    secret,
    docId: ROOM,
    statePath,
    runs: 7,
    compactInLastRun: false,
  })
  const crashDir = join(workDir, 'cold-crash-tail')
  await storeHistory(crashDir, updates, 500)
  const crashTail = await timeInChild({
    dataDir: crashDir,
    secret,
    docId: ROOM,
    statePath,
    runs: 5,
    compactInLastRun: false,
  })
  const logDir = join(workDir, 'cold-uncompacted')
  await storeHistory(logDir, updates, updates.length)
  const uncompacted = await timeInChild({
    dataDir: logDir,
    secret,
    docId: ROOM,
    statePath,
    runs: 3,
    compactInLastRun: true,
  })
  return {
    edits,
    stateBytes: finalState.byteLength,
    buildMs,
    shutdownMs: closeMs,
    compacted,
    crashTail,
    uncompacted,
    endToEnd,
    reopen,
  }
}

/**
 * Stores a history through the store API as the server would have: every update appended, then
 * all but the last `tail` folded into one state (as a compaction encodes it from the live doc).
 */
async function storeHistory(
  dataDir: string,
  updates: readonly Uint8Array[],
  tail: number,
): Promise<void> {
  const store = await openStore({ dataDir })
  try {
    const user = { id: 'bench-writer', name: 'Bench writer' }
    for (const update of updates) {
      await store.docs.append({ docId: ROOM, update, user, at: Date.now(), changes: [] })
    }
    const folded = updates.length - tail
    if (folded > 0) {
      const doc = new Y.Doc()
      doc.transact(() => {
        for (const update of updates.slice(0, folded)) Y.applyUpdate(doc, update)
      })
      await store.docs.compact(ROOM, Y.encodeStateAsUpdate(doc), folded)
      doc.destroy()
    }
  } finally {
    await store.close()
  }
}

/** One stock provider against a server that has not loaded the doc yet: new provider → synced. */
async function connectOnce(
  target: { serverUrl: string; room: string; params: Record<string, string> },
  expected: Uint8Array,
): Promise<{ connectMs: number; clientApplyMs: number }> {
  const doc = new Y.Doc()
  let clientApplyMs = 0
  let applyStarted = 0
  // The client's own share: the transactions applying what the server sent.
  doc.on('beforeTransaction', () => (applyStarted = performance.now()))
  doc.on('afterTransaction', () => (clientApplyMs += performance.now() - applyStarted))
  const started = performance.now()
  const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
    params: target.params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  try {
    const deadline = Date.now() + TIMEOUT_MS
    while (!provider.synced) {
      if (Date.now() > deadline) throw new Error('the cold provider did not sync')
      await new Promise((resolve) => setImmediate(resolve))
    }
    const connectMs = performance.now() - started
    if (!sameStateVector(doc, expected)) throw new Error('the cold provider loaded another state')
    return { connectMs, clientApplyMs }
  } finally {
    provider.destroy()
    doc.destroy()
  }
}

function sameStateVector(doc: Y.Doc, state: Uint8Array): boolean {
  const expected = new Y.Doc()
  Y.applyUpdate(expected, state)
  const a = Y.encodeStateVector(doc)
  const b = Y.encodeStateVector(expected)
  expected.destroy()
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}

function timeInChild(options: ColdLoadChildOptions): Promise<ColdLoadChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(options)], { stdio: 'inherit' })
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    let result: ColdLoadChildResult | null = null
    child.once('message', (message: ColdLoadChildResult) => (result = message))
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (result !== null) resolve(result)
      else reject(new Error(`the cold-load timing process exited (${code}) without a result`))
    })
  })
}
