import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Identity } from '../../../shared/identity-schema.ts'
import {
  startServer,
  type RunningServer,
  type ServerOptions,
} from '../../../sync-server/start-server.ts'

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256'

export const USERS = {
  viewer: { id: 'vera', name: 'Vera Viewer', role: 'viewer' },
  analyst: { id: 'ana', name: 'Ana Analyst', role: 'analyst' },
  analyst2: { id: 'bo', name: 'Bo Analyst', role: 'analyst' },
  releaseManager: { id: 'rita', name: 'Rita Release', role: 'release-manager' },
} as const satisfies Record<string, Identity>

export type UserKey = keyof typeof USERS

export interface TestServer extends RunningServer {
  dataDir: string
  tokens: Record<UserKey, string>
  /** Closes the server and removes its data directory. */
  dispose(): Promise<void>
}

/** A temp data directory for one test. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'scoring-sync-test-'))
}

/** A real server on a loopback port (0: any free one) with a real SQLite file in a temp directory. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? makeDataDir()
  const server = await startServer({ port: 0, secret: TEST_SECRET, ...options, dataDir })
  const tokens = {} as Record<UserKey, string>
  for (const [key, identity] of Object.entries(USERS)) {
    tokens[key as UserKey] = await server.mintToken(identity)
  }
  return {
    ...server,
    dataDir,
    tokens,
    async dispose() {
      await server.close()
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
