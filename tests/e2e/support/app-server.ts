import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../../../sync-server/app-dist-dir.ts'
import {
  freePort,
  spawnServer,
  type ServerProcess,
} from '../../sync-server/support/server-process.ts'

const run = promisify(execFile)

export interface User {
  id: string
  name: string
  role: 'viewer' | 'analyst' | 'release-manager'
}

export const USERS = {
  ana: { id: 'ana', name: 'Ana Analyst', role: 'analyst' },
  bo: { id: 'bo', name: 'Bo Analyst', role: 'analyst' },
  rita: { id: 'rita', name: 'Rita Release', role: 'release-manager' },
  ravi: { id: 'ravi', name: 'Ravi Release', role: 'release-manager' },
} as const satisfies Record<string, User>

export interface AppServer {
  /** http://127.0.0.1:<port> */
  url: string
  process: ServerProcess
  /** Mints a token with `scoring token`, as a person setting up a colleague would. */
  tokenFor(user: User): Promise<string>
  /** A JSON call to the API with a bearer token; throws unless the answer is 2xx. */
  api<T = unknown>(
    token: string,
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<T>
  /** Stops the server (SIGTERM) and removes its data directory. */
  stop(): Promise<void>
}

/** Runs `npm start` (`node --import tsx sync-server/main.ts`) on a free port and a temp DATA_DIR. */
export async function startAppServer(): Promise<AppServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'scoring-e2e-'))
  const secret = `e2e-secret-${process.pid}-${Date.now()}-long-enough`
  const env = { PORT: String(await freePort()), DATA_DIR: dataDir, SCORING_SECRET: secret }
  const server = await spawnServer(env)
  const url = `http://127.0.0.1:${env.PORT}`
  const tokens = new Map<string, Promise<string>>()
  return {
    url,
    process: server,
    tokenFor(user) {
      let token = tokens.get(user.id)
      if (token === undefined) {
        const args = ['token', '--user', user.id, '--name', user.name, '--role', user.role]
        token = run(process.execPath, ['sync-server/cli/scoring.mjs', ...args], {
          cwd: REPO_ROOT,
          env: { ...process.env, ...env },
        }).then(({ stdout }) => stdout.trim())
        tokens.set(user.id, token)
      }
      return token
    },
    async api<T>(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(`${url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
      const text = await response.text()
      if (!response.ok)
        throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`)
      return JSON.parse(text) as T
    },
    async stop() {
      server.child.kill('SIGTERM')
      await server.exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
