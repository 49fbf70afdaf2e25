import { rmSync } from 'node:fs'
import { afterEach, expect, test } from 'vitest'
import { freePort, spawnServer, type ServerProcess } from './support/server-process.ts'
import { request } from './support/http-client.ts'
import { makeDataDir } from './support/test-server.ts'

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
  const signIn = server.logs.find((entry) => entry.msg === 'sign-in link')
  expect(signIn?.url).toMatch(new RegExp(`^${base}/#token=`))
  const token = String(signIn!.url).split('#token=')[1]
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
