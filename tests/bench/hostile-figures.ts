/**
 * Two figures of the server under hostile clients, each against `npm start`'s server in a child
 * process (node --import tsx sync-server/main.ts):
 *
 *   node --import tsx tests/bench/hostile-figures.ts
 *
 * - amplification: a 50 MB doc, then 20 viewer sockets that send a non-empty state vector and never
 *   read; the server's RSS (VmRSS) with the doc loaded, and its peak over the next seconds.
 * - poison: three stock bystander clients, one analyst writing a BigInt into the model's roots;
 *   how often the bystanders' sockets were closed in the following 8 s.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { createAuth } from '../../sync-server/auth/create-auth.ts'
import type { Identity } from '../../shared/identity-schema.ts'
import { freePort } from './sync-bench-server.ts'

const SECRET = 'hostile-figures-secret-long-enough-for-hs256'
const ROOM = 'big-doc'
const DOC_BYTES = 50 * 1024 * 1024
const VIEWERS = 20
const auth = createAuth(new TextEncoder().encode(SECRET))
const token = (id: string, role: Identity['role']) => auth.mintToken({ id, name: id, role }, 3600)

interface Server {
  child: ChildProcess
  url: string
  syncUrl: string
  rssMb(): number
  stop(): Promise<void>
}

async function startChild(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostile-figures-'))
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      SCORING_SECRET: SECRET,
      MAX_DOC_BYTES: String(64 * 1024 * 1024),
      MAX_CONNECTIONS_PER_USER: '100',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"listening"')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)))
  })
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Updates the server committed, from its Prometheus metrics. */
async function persistedUpdates(server: Server): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  return Number(/^sync_updates_persisted_total (\d+)/m.exec(text)?.[1] ?? 0)
}

function provider(syncUrl: string, doc: Y.Doc, tokenText: string): WebsocketProvider {
  return new WebsocketProvider(syncUrl, ROOM, doc, {
    params: { token: tokenText },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function amplification(): Promise<{ loadedMb: number; peakMb: number }> {
  const server = await startChild()
  try {
    const doc = new Y.Doc()
    const writer = provider(server.syncUrl, doc, await token('writer', 'analyst'))
    await until(() => writer.synced)
    const text = doc.getText('notes')
    for (let written = 0; written < DOC_BYTES; written += 512 * 1024) {
      text.insert(text.length, 'x'.repeat(512 * 1024))
      await until(() => writer.wsconnected && writer.ws?.bufferedAmount === 0)
    }
    const inserts = Math.ceil(DOC_BYTES / (512 * 1024))
    await until(async () => (await persistedUpdates(server)) >= inserts)
    await sleep(2000)
    const loadedMb = server.rssMb()

    const vector = encoding.createEncoder()
    encoding.writeVarUint(vector, 1)
    encoding.writeVarUint(vector, doc.clientID)
    encoding.writeVarUint(vector, 1)
    const frame = encoding.createEncoder()
    encoding.writeVarUint(frame, 0)
    encoding.writeVarUint(frame, 0)
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(vector))
    const viewerToken = await token('viewer', 'viewer')
    const sockets: WebSocket[] = []
    for (let i = 0; i < VIEWERS; i++) {
      const ws = new WebSocket(`${server.syncUrl}/${ROOM}?token=${viewerToken}`)
      await new Promise((resolve) => ws.once('open', resolve))
      ws.pause()
      ws.send(encoding.toUint8Array(frame))
      sockets.push(ws)
    }
    let peakMb = 0
    for (let i = 0; i < 40; i++) {
      peakMb = Math.max(peakMb, server.rssMb())
      await sleep(100)
    }
    for (const ws of sockets) ws.terminate()
    writer.destroy()
    return { loadedMb, peakMb }
  } finally {
    await server.stop()
  }
}

async function poison(): Promise<{ bystanderCloses: number }> {
  const server = await startChild()
  try {
    const bystanders = await Promise.all(
      ['b1', 'b2', 'b3'].map(async (id) =>
        provider(server.syncUrl, new Y.Doc(), await token(id, 'analyst')),
      ),
    )
    let closes = 0
    for (const b of bystanders) b.on('connection-close', () => closes++)
    const attackerDoc = new Y.Doc()
    const attacker = provider(server.syncUrl, attackerDoc, await token('mallory', 'analyst'))
    await until(() => [...bystanders, attacker].every((p) => p.synced))
    attackerDoc.getMap('meta').set('poison', 10n)
    await sleep(8000)
    const counted = closes
    for (const p of [...bystanders, attacker]) p.destroy()
    return { bystanderCloses: counted }
  } finally {
    await server.stop()
  }
}

const amp = await amplification()
console.log(
  `amplification: RSS with the ${DOC_BYTES / 1024 / 1024} MB doc loaded ${amp.loadedMb.toFixed(0)} MB, ` +
    `peak with ${VIEWERS} non-reading viewers ${amp.peakMb.toFixed(0)} MB`,
)
const hit = await poison()
console.log(`poison: bystander disconnects in 8 s after one BigInt update: ${hit.bystanderCloses}`)
process.exit(0)
