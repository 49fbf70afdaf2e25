import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const START_TIMEOUT_MS = 30_000

/** A server in a child process of the benchmark, listening on `url`. */
export interface ChildServer {
  url: string
  /** The server process, for reading its memory from /proc. */
  pid: number
  stop(): Promise<void>
}

/** `npm start` (node --import tsx sync-server/main.ts) on a free port with the given environment. */
export async function spawnApiServer(env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  await waitForLine(
    child,
    (line) => line.includes('"msg":"listening"'),
    () => stderr,
  )
  // The server logs a line per delivery and shutdown only; keep reading so its pipe never fills.
  child.stdout!.resume()
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stop(child) }
}

/**
 * The same trivial answer as `GET /healthz` from bare `node:http`, in its own process like the
 * server: the floor any framework adds to.
 */
export async function spawnBareServer(): Promise<ChildServer> {
  const port = await freePort()
  const script = `
    const body = JSON.stringify({ status: 'ok' })
    require('node:http').createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    }).listen(${port}, '127.0.0.1', () => console.log('listening'))
  `
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await waitForLine(
    child,
    (line) => line === 'listening',
    () => '',
  )
  child.stdout!.resume()
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop: () => stop(child) }
}

function waitForLine(
  child: ChildProcess,
  matches: (line: string) => boolean,
  stderr: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start')), START_TIMEOUT_MS)
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      if (lines.some(matches)) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        resolve()
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited (${code}) before listening: ${stderr()}`))
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
