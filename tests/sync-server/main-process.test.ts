import { rmSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { freePort, spawnServer, type ServerProcess } from './support/server-process.ts'
import { request } from './support/http-client.ts'
import { makeDataDir } from './support/test-server.ts'
import { waitFor } from './support/wait-for.ts'

const processes: ServerProcess[] = []
const dirs: string[] = []

afterEach(() => {
  for (const p of processes.splice(0)) p.child.kill('SIGKILL')
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

test('npm start: JSON logs, a working sign-in link, the demo model, and a clean exit on SIGTERM', async () => {
  const dataDir = makeDataDir()
  dirs.push(dataDir)
  const port = await freePort()
  const server = await spawnServer({ PORT: String(port), DATA_DIR: dataDir })
  processes.push(server)
  const base = `http://127.0.0.1:${port}`

  expect((await request(base, '/healthz')).status).toBe(200)
  await waitFor('the sign-in banner', () => server.stderr().includes('#token='))
  const signIn = new RegExp(`${base}/#token=([\\w.-]+)`).exec(server.stderr())
  expect(signIn, server.stderr()).not.toBeNull()
  const token = signIn![1]!
  // The banner is for the person at the terminal; no log record carries the token.
  expect(server.logs.find((entry) => entry.msg === 'sign-in link printed')).toMatchObject({
    url: base,
    user: 'local',
  })
  expect(JSON.stringify(server.logs)).not.toContain(token)
  const me = await request(base, '/api/me', { token })
  expect(me.body).toMatchObject({ id: 'local', role: 'release-manager' })
  const models = await request(base, '/api/models', { token })
  expect(models.body.models.map((m: { id: string }) => m.id)).toEqual(['demo-lead-score'])

  server.child.kill('SIGTERM')
  expect(await server.exited).toEqual({ code: 0, signal: null })
  expect(server.logs.map((entry) => entry.msg)).toContain('stopped')
  expect(
    server.logs.every((entry) => typeof entry.time === 'string' && typeof entry.level === 'string'),
  ).toBe(true)
})
