import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { decodeJwt } from 'jose'
import { SECRET_FILE } from '../../sync-server/auth/load-secret.ts'
import { runTokenCommand } from '../../sync-server/cli/token-command.ts'
import { request } from './support/http-client.ts'
import { makeDataDir, startTestServer } from './support/test-server.ts'

let dataDir: string
const savedEnv = { DATA_DIR: process.env.DATA_DIR, SCORING_SECRET: process.env.SCORING_SECRET }

beforeEach(() => {
  dataDir = makeDataDir()
  process.env.DATA_DIR = dataDir
  delete process.env.SCORING_SECRET
})

afterEach(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  rmSync(dataDir, { recursive: true, force: true })
})

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await runTokenCommand(argv, { stdout, stderr, stdin: new PassThrough(), env: {} })
  return { code, stdout: out, stderr: err }
}

describe('scoring token', () => {
  test('prints only a token the server accepts, signed with the secret kept in DATA_DIR', async () => {
    const result = await run([
      '--user',
      'kim',
      '--name',
      'Kim Lee',
      '--role',
      'analyst',
      '--ttl',
      '2h',
    ])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/)
    const token = result.stdout.trim()
    const claims = decodeJwt(token)
    expect(claims).toMatchObject({ sub: 'kim', name: 'Kim Lee', role: 'analyst' })
    expect(claims.exp! - claims.iat!).toBe(7200)
    expect(statSync(join(dataDir, SECRET_FILE)).mode & 0o777).toBe(0o600)

    const server = await startTestServer({ dataDir, secret: undefined, seedDemo: false })
    try {
      const me = await request(server.url, '/api/me', { token })
      expect(me.body).toEqual({ id: 'kim', name: 'Kim Lee', role: 'analyst' })
    } finally {
      await server.close()
    }
  })

  test('SCORING_SECRET, when set, signs instead of the kept secret', async () => {
    process.env.SCORING_SECRET = 'another-secret-another-secret-123'
    const { stdout } = await run(['--user', 'kim', '--name', 'Kim', '--role', 'viewer'])
    const token = stdout.trim()
    for (const [secret, status] of [
      [process.env.SCORING_SECRET, 200],
      [undefined, 401],
    ] as const) {
      const server = await startTestServer({ dataDir, secret, seedDemo: false })
      try {
        expect((await request(server.url, '/api/me', { token })).status).toBe(status)
      } finally {
        await server.close()
      }
    }
  })

  test.each([
    [[], /--user is required/],
    [['--user', 'kim', '--role', 'analyst'], /--name is required/],
    [
      ['--user', 'kim', '--name', 'Kim', '--role', 'admin'],
      /--role must be one of viewer, analyst, release-manager/,
    ],
    [
      ['--user', 'kim', '--name', 'Kim', '--role', 'viewer', '--ttl', 'forever'],
      /--ttl must look like/,
    ],
    [['--user', 'kim', '--name', 'Kim', '--role', 'viewer', '--bogus'], /Unknown option/],
  ])(
    'a bad command line %j exits 2 with the reason and the usage on stderr',
    async (argv, reason) => {
      const result = await run(argv)
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(reason)
      expect(result.stderr).toMatch(/Usage: scoring token/)
    },
  )
})
