import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_MODEL } from '../../../engine/demo-model.ts'
import { setWeight } from '../../../shared/model-doc.ts'
import { request } from '../support/http-client.ts'
import { connectClient } from '../support/sync-client.ts'
import { startTestServer, type TestServer, type UserKey } from '../support/test-server.ts'
import { waitFor } from '../support/wait-for.ts'
import { runCli, runCliInProcess } from './support/run-cli.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.dispose())

/** `scoring branch …` as a child process, with the token of `as` in SCORING_TOKEN. */
const branch = (args: string[], as: UserKey | null = 'analyst', url = server.url) =>
  runCli(
    ['branch', ...args, '--server', url],
    tmpdir(),
    '',
    as === null ? {} : { SCORING_TOKEN: server.tokens[as] },
  )
/** The same command line through the CLI's main in this process (quicker; same code). */
const branchHere = (args: string[], as: UserKey | null = 'analyst', url = server.url) =>
  runCliInProcess(
    ['branch', ...args, '--server', url],
    '',
    as === null ? {} : { SCORING_TOKEN: server.tokens[as] },
  )

const weightOnDraft = async (factorId: string) => {
  const draft = await request(server.url, `/api/models/${DEMO_MODEL.id}`, {
    token: server.tokens.viewer,
  })
  return (draft.body.model.factors as { id: string; weight: number }[]).find(
    (f) => f.id === factorId,
  )?.weight
}

describe('scoring branch', () => {
  test('create, list, merge with a dry run first, and merge again: nothing new', async () => {
    const created = await branch(['create', DEMO_MODEL.id, 'more intent'])
    expect(created.code, created.stderr).toBe(0)
    const branchId = /\(doc (b-[0-9a-f]{20})\)/.exec(created.stdout)?.[1]
    expect(created.stdout).toContain(`${DEMO_MODEL.id}: branch "more intent" forked from the draft`)
    expect(branchId).toBeDefined()

    const editor = connectClient(server.syncUrl, branchId!, server.tokens.analyst)
    try {
      await editor.synced()
      setWeight(editor.doc, 'demo-requested', 0.3)
      await waitFor('the branch edit at the server', async () => {
        const list = await request(server.url, `/api/models/${DEMO_MODEL.id}/branches`, {
          token: server.tokens.viewer,
        })
        return list.body.branches[0]?.branchChanges === 1
      })
    } finally {
      editor.destroy()
    }

    const listed = await branch(['list', DEMO_MODEL.id], 'viewer')
    expect(listed.code, listed.stderr).toBe(0)
    const [header, row] = listed.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^name\s+forked by\s+forked at\s+from\s+branch changes\s+draft changes$/)
    expect(row).toMatch(/^more intent\s+Ana Analyst\s+\S+Z\s+draft\s+1\s+0$/)

    const before = await weightOnDraft('demo-requested')
    const dry = await branch(['merge', DEMO_MODEL.id, 'more intent', '--dry-run'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toBe(
      `${DEMO_MODEL.id}: merging branch "more intent" would change 1 field (dry run, nothing written)\n` +
        '  factors.demo-requested.weight\n',
    )
    expect(await weightOnDraft('demo-requested')).toBe(before)

    const merged = await branch(['merge', DEMO_MODEL.id, 'more intent'], 'analyst2')
    expect(merged.code, merged.stderr).toBe(0)
    expect(merged.stdout).toBe(
      `${DEMO_MODEL.id}: merged branch "more intent": 1 field changed\n` +
        '  factors.demo-requested.weight\n',
    )
    expect(await weightOnDraft('demo-requested')).toBe(0.3)
    const again = await branch(['merge', DEMO_MODEL.id, 'more intent'])
    expect([again.code, again.stdout]).toEqual([
      0,
      `${DEMO_MODEL.id}: branch "more intent" has nothing new to merge\n`,
    ])
  }, 60_000)

  test('a refusal is exit 1 with the problem code; a bad command line or no server is exit 2', async () => {
    await branchHere(['create', DEMO_MODEL.id, 'taken'])
    const taken = await branch(['create', DEMO_MODEL.id, 'taken'])
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('409 branch-name-taken')
    const viewer = await branchHere(['merge', DEMO_MODEL.id, 'taken'], 'viewer')
    expect([viewer.code, viewer.stderr.includes('403 forbidden')]).toEqual([1, true])
    const unknown = await branchHere(['merge', DEMO_MODEL.id, 'nowhere'])
    expect([unknown.code, unknown.stderr.includes('404 branch-not-found')]).toEqual([1, true])

    for (const args of [
      [],
      ['rename', DEMO_MODEL.id, 'x'],
      ['create', DEMO_MODEL.id],
      ['list', DEMO_MODEL.id, 'extra'],
      ['list', DEMO_MODEL.id, '--dry-run'],
      ['merge', DEMO_MODEL.id, 'taken', '--from', 'snap'],
    ]) {
      const run = await branchHere(args)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain('Usage: SCORING_TOKEN=<token> scoring branch')
    }
    const noToken = await branchHere(['list', DEMO_MODEL.id], null)
    expect([noToken.code, noToken.stderr.includes('SCORING_TOKEN')]).toEqual([2, true])
    const down = await branchHere(['list', DEMO_MODEL.id], 'viewer', 'http://127.0.0.1:9')
    expect(down.code).toBe(2)
    expect(down.stderr).toContain('no answer from http://127.0.0.1:9')
  })
})
