import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import type { Model } from '../../../shared/model-schema.ts'
import { request } from '../support/http-client.ts'
import { startTestServer, type TestServer } from '../support/test-server.ts'
import { createWorkDir, runCliInProcess } from './support/run-cli.ts'

let server: TestServer
let work: Awaited<ReturnType<typeof createWorkDir>>

/** The demo model with demo requests weighing more and company size less. */
const RETUNED: Model = {
  ...DEMO_MODEL,
  factors: DEMO_MODEL.factors.map((f) =>
    f.id === 'demo-requested'
      ? { ...f, weight: 0.25 }
      : f.id === 'company-size'
        ? { ...f, weight: 0.15 }
        : f,
  ),
}

beforeAll(async () => {
  server = await startTestServer()
  work = await createWorkDir()
  await work.write('retuned.json', JSON.stringify(RETUNED))
  await work.write('fresh.json', JSON.stringify({ ...DEMO_MODEL, id: 'fresh-model' }))
  await work.write('bad.json', JSON.stringify({ ...DEMO_MODEL, tiers: [] }))
})
afterAll(async () => {
  await server.dispose()
  await work.remove()
})

const push = (file: string, token: string | undefined, url = server.url) =>
  runCliInProcess(
    ['push', '--model', work.path(file), '--server', url],
    '',
    token === undefined ? {} : { SCORING_TOKEN: token },
  )

const draftOf = async (id: string) =>
  (await request(server.url, `/api/models/${id}`, { token: server.tokens.viewer })).body

describe('scoring push', () => {
  test('replaces the draft, prints each changed field, and the feed names the token user', async () => {
    const run = await push('retuned.json', server.tokens.analyst2)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(
      `${DEMO_MODEL.id}: 2 fields changed\n` +
        '  company-size.weight: 0.2 → 0.15\n' +
        '  demo-requested.weight: 0.2 → 0.25\n',
    )
    expect((await draftOf(DEMO_MODEL.id)).model).toEqual(RETUNED)
    const feed = await request(server.url, `/api/models/${DEMO_MODEL.id}/changes`, {
      token: server.tokens.viewer,
    })
    expect(feed.body.changes.at(-1)).toMatchObject({ user: { id: 'bo' }, field: 'weight' })

    const again = await push('retuned.json', server.tokens.analyst2)
    expect(again.stdout).toContain('nothing changed')
  })

  test('a model the server does not hold yet is created', async () => {
    const run = await push('fresh.json', server.tokens.analyst)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe('fresh-model: created\n')
    expect((await draftOf('fresh-model')).model.id).toBe('fresh-model')
  })

  test('a refused push exits 1 with the reason; a file that is not a model never leaves', async () => {
    const viewer = await push('retuned.json', server.tokens.viewer)
    expect(viewer.code).toBe(1)
    expect(viewer.stderr).toContain('403 forbidden')
    const bad = await push('bad.json', server.tokens.analyst)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('error schema at tiers')
  })

  test('no token, no server or an unreachable one is a usage error (exit 2)', async () => {
    const noToken = await push('retuned.json', undefined)
    expect([noToken.code, noToken.stderr.split('\n')[0]]).toEqual([
      2,
      'scoring push: SCORING_TOKEN must hold a token (npx scoring token … mints one)',
    ])
    const closed = await startTestServer()
    const url = closed.url
    await closed.dispose()
    const unreachable = await push('retuned.json', server.tokens.analyst, url)
    expect(unreachable.code).toBe(2)
    expect(unreachable.stderr).toContain(`cannot push to ${url}`)
  })
})
