import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import type { Branch } from '../../../sync-server/store/branch-store.ts'
import type { Store } from '../../../sync-server/store/store.ts'
import { STORE_ADAPTERS, type StoreAdapter } from './store-adapters.ts'

const USER = { id: 'ana', name: 'Ana Analyst' }
const bytes = (...values: number[]) => new Uint8Array(values)

function branch(branchId: string, name: string, modelId = 'm'): Branch {
  return {
    branchId,
    modelId,
    name,
    forkedAt: 10,
    forkedBy: USER,
    from: null,
    forkDraftSv: bytes(1, 2),
    forkDraftSeq: 2,
    forkBranchSv: bytes(1, 2),
    forkBranchSeq: 1,
    forkState: bytes(7, 7, 7),
  }
}

describe.each(STORE_ADAPTERS)('the $name branch store', (adapter: StoreAdapter) => {
  let store: Store

  beforeEach(async () => {
    store = await adapter.open()
    return () => store.close()
  })
  afterAll(() => adapter.dispose())

  const append = (docId: string, n: number) =>
    store.docs.append({ docId, update: bytes(n), user: USER, at: n, changes: [] })

  /** A model doc with two updates and a branch doc with one, then the branch row. */
  async function fork(branchId: string, name: string): Promise<void> {
    await append('m', 1)
    await append(branchId, 1)
    await store.transaction((tx) => tx.branches.insert(branch(branchId, name)))
  }

  test('a branch reads back with its fork, and counts the updates each side committed since', async () => {
    await append('m', 1)
    await fork('b-1', 'intent first')
    const [listed] = await store.branches.list('m')
    expect(listed).toMatchObject({ ...branch('b-1', 'intent first'), branchSeq: 1, draftSeq: 2 })
    expect([...listed!.forkState]).toEqual([7, 7, 7])
    await append('m', 3)
    await append('m', 4)
    await append('b-1', 2)
    const got = (await store.branches.get('m', 'intent first'))!
    expect([got.draftSeq - got.forkDraftSeq, got.branchSeq - got.forkBranchSeq]).toEqual([2, 1])
    expect(await store.branches.get('m', 'other')).toBeNull()
    expect(await store.branches.get('other-model', 'intent first')).toBeNull()
  })

  test('a live name is unique per model; deleting frees it and keeps the doc id known', async () => {
    await fork('b-1', 'scenario')
    await append('b-2', 1)
    await expect(
      store.transaction((tx) => tx.branches.insert(branch('b-2', 'scenario'))),
    ).rejects.toThrow()
    expect((await store.branches.list('m')).map((b) => b.branchId)).toEqual(['b-1'])
    expect(await store.branches.remove('b-1', 20, USER)).toBe(true)
    expect(await store.branches.remove('b-1', 21, USER)).toBe(false)
    expect(await store.branches.list('m')).toEqual([])
    await store.transaction((tx) => tx.branches.insert(branch('b-2', 'scenario')))
    expect((await store.branches.list('m')).map((b) => b.branchId)).toEqual(['b-2'])
    expect((await store.branches.docIds()).sort()).toEqual(['b-1', 'b-2'])
    expect(await store.branches.isBranchDoc('b-1')).toBe(true)
    expect(await store.branches.isBranchDoc('b-2')).toBe(true)
    expect(await store.branches.isBranchDoc('m')).toBe(false)
    expect(await store.branches.isBranchDoc('b-3')).toBe(false)
  })
})
