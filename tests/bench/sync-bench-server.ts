import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { OurServerOptions, OurServerReady, OurServerStopped } from './sync-our-server-child.ts'

const OUR_CHILD = fileURLToPath(new URL('./sync-our-server-child.ts', import.meta.url))
const REFERENCE_BIN = fileURLToPath(
  new URL('../../node_modules/y-websocket-reference/bin/server.cjs', import.meta.url),
)
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 15_000

/** Where a stock provider connects: `new WebsocketProvider(serverUrl, room, doc, { params })`. */
export interface SyncTarget {
  serverUrl: string
  room: string
  params: Record<string, string>
}

/** A sync server running in a child process of the benchmark. */
export interface BenchServer {
  readonly name: string
  target(room: string, who: 'writer' | 'listener'): SyncTarget
  /** CPU time (user + system) the server process has used so far, in ms (10 ms resolution). */
  cpuMs(): number
  /** Stops the server; ours reports its shutdown time and how many updates it committed. */
  stop(): Promise<Partial<Omit<OurServerStopped, 'type'>>>
}

/**
 * The y-websocket 2.1.0 reference server (`bin/server.cjs`), unmodified, in memory (no
 * YPERSISTENCE). It reads HOST and PORT from the environment. A tiny `node -e` wrapper loads it
 * and exits when its stdin closes, so it dies with the benchmark even on a crash.
 */
export async function spawnReferenceServer(name: string): Promise<BenchServer> {
  const port = await freePort()
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port) }
  for (const key of ['YPERSISTENCE', 'GC', 'CALLBACK_URL']) delete env[key]
  const wrapper = `process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); require(${JSON.stringify(REFERENCE_BIN)})`
  const child = spawn(process.execPath, ['-e', wrapper], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('reference server did not start')),
      START_TIMEOUT_MS,
    )
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('running at')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => reject(new Error(`reference server exited (${code})`)))
  })
  return {
    name,
    target: (room) => ({ serverUrl: `ws://127.0.0.1:${port}`, room, params: {} }),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      await stopChild(child, () => child.kill('SIGTERM'))
      return {}
    },
  }
}

/** Our server (`startServer`) in a forked process, on `dataDir`, with persistence on or off. */
export async function spawnOurServer(
  name: string,
  options: OurServerOptions,
): Promise<BenchServer> {
  const child = fork(OUR_CHILD, [JSON.stringify(options)], { stdio: 'inherit' })
  const ready = await new Promise<OurServerReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), START_TIMEOUT_MS)
    child.once('message', (message: OurServerReady) => {
      clearTimeout(timer)
      resolve(message)
    })
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)))
  })
  return {
    name,
    target: (room, who) => ({
      serverUrl: ready.syncUrl,
      room,
      params: { token: who === 'writer' ? ready.writerToken : ready.listenerToken },
    }),
    cpuMs: () => cpuMsOf(child.pid),
    async stop() {
      let stopped: OurServerStopped | null = null
      child.on('message', (message: OurServerStopped) => {
        if (message.type === 'stopped') stopped = message
      })
      await stopChild(child, () => child.send({ type: 'stop' }))
      if (stopped === null) return {}
      const { closeMs, updatesPersisted, commits } = stopped as OurServerStopped
      return { closeMs, updatesPersisted, commits }
    },
  }
}

async function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  ask()
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

/** utime + stime of a process from /proc (Linux; NaN elsewhere), in ms at USER_HZ = 100. */
function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

/** A loopback port that was free a moment ago (the reference server wants one in PORT). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
